package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.ClientAuthentication;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * {@code private_key_jwt} (RFC 7523 2.2, OpenID Connect Core 9): each token request carries a fresh
 * assertion signed with the client's key, {@code iss} = {@code sub} = the client id, {@code aud} =
 * the token endpoint, a unique {@code jti} and a short life; no secret crosses the network.
 */
final class PrivateKeyJwt implements ClientAuthentication {
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** Long enough for any clock skew and retry, short enough that a captured assertion is soon useless. */
    static final long LIFETIME_SECONDS = 300;

    private final String clientId;
    private final ClientKey key;
    private final Clock clock;

    PrivateKeyJwt(String clientId, ClientKey key, Clock clock) {
        this.clientId = clientId;
        this.key = key;
        this.clock = clock;
    }

    @Override
    public void authenticate(String tokenUrl, Map<String, String> form, Map<String, String> headers) throws IOException {
        put(form, clientId, SignedJwt.sign(key.key(), key.certificate(), null,
                SignedJwt.claims(clientId, clientId, tokenUrl, clock.instant(), LIFETIME_SECONDS)));
    }

    /** The form fields of a client assertion; {@code client_id} too, which Microsoft documents and RFC 7523 allows. */
    static void put(Map<String, String> form, String clientId, String assertion) {
        form.put("client_id", clientId);
        form.put("client_assertion_type", ASSERTION_TYPE);
        form.put("client_assertion", assertion);
    }

    @Override
    public String toString() {
        return "private-key-jwt[" + clientId + ", " + key + "]";
    }
}
