package io.github.mailoauth2.internal.sources;

import com.google.api.client.auth.oauth2.TokenRequest;
import com.google.api.client.json.webtoken.JsonWebToken;
import io.github.mailoauth2.token.AccessToken;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * Domain-wide delegation (RFC 7523 JWT-bearer grant): for each mailbox, an assertion signed with the
 * service account's key, {@code iss} = the service account, {@code sub} = the mailbox, the scope in
 * the claims; the token it buys opens that mailbox only.
 */
final class GoogleServiceAccountFetcher implements CachingTokenSource.Fetcher {
    static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** Google's maximum. */
    static final long LIFETIME_SECONDS = 3600;

    private final TokenEndpoint endpoint;
    private final ServiceAccountKey key;
    private final String scope;
    private final Clock clock;

    GoogleServiceAccountFetcher(TokenEndpoint endpoint, ServiceAccountKey key, String scope, Clock clock) {
        this.endpoint = endpoint;
        this.key = key;
        this.scope = scope;
        this.clock = clock;
    }

    @Override
    public AccessToken fetch(String account, io.github.mailoauth2.token.TokenRequest request) throws IOException {
        if (account.equalsIgnoreCase(key.clientEmail()) || account.toLowerCase(Locale.ROOT).endsWith(".gserviceaccount.com")) {
            throw new IOException(account + " is a service account's address, and a service account has no mailbox."
                    + " Connect with the address of the Workspace user whose mailbox to open: domain-wide delegation"
                    + " gets a token for that user");
        }
        Instant now = clock.instant();
        JsonWebToken.Payload claims = new JsonWebToken.Payload().setIssuer(key.clientEmail()).setSubject(account)
                .setAudience(endpoint.url).setIssuedAtTimeSeconds(now.getEpochSecond())
                .setExpirationTimeSeconds(now.getEpochSecond() + LIFETIME_SECONDS).set("scope", scope);
        String assertion = SignedJwt.sign(key.privateKey(), null, key.keyId(), claims);
        try {
            return endpoint.execute("a token for " + account + " (service account " + key.clientEmail() + ")",
                    url -> new TokenRequest(TokenEndpoint.TRANSPORT, TokenEndpoint.JSON, url, GRANT).set("assertion", assertion))
                    .accessToken();
        } catch (TokenEndpointRefusal e) {
            throw advised(account, e);
        }
    }

    /**
     * Google's answers to the classic delegation mistakes, with the fix. Google refuses a missing delegation
     * with {@code unauthorized_client} in a 401, whose body the JDK drops: it arrives as {@code invalid_client}.
     */
    private TokenEndpointRefusal advised(String account, TokenEndpointRefusal e) {
        if ("unauthorized_client".equals(e.error) || "invalid_client".equals(e.error)) {
            return new TokenEndpointRefusal(e.error, e.reason, "Is domain-wide delegation granted? In the Google Admin"
                    + " console (Security > Access and data control > API controls > Domain-wide delegation) add client id "
                    + (key.clientId() == null ? "(client_id in the key file)" : key.clientId()) + " with the scope " + scope
                    + "; and is the key still listed for " + key.clientEmail() + " in the Cloud console?");
        }
        if ("invalid_grant".equals(e.error)) {
            return new TokenEndpointRefusal(e.error, e.reason, "Is " + account + " a user of the Workspace domain that granted"
                    + " the delegation, and is this machine's clock right?");
        }
        return e;
    }
}
