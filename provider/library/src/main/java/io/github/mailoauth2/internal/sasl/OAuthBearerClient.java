package io.github.mailoauth2.internal.sasl;

import java.util.Map;
import javax.security.auth.callback.CallbackHandler;

/**
 * RFC 7628 OAUTHBEARER: a GS2 header naming the user, then {@code host}, {@code port} and
 * {@code auth} key-value pairs separated by ^A. After a failure report the client sends a single ^A.
 */
final class OAuthBearerClient extends BearerTokenClient {
    static final String NAME = "OAUTHBEARER";

    OAuthBearerClient(String authorizationId, String protocol, String host, Map<String, ?> props,
                      TokenSourceLookup sources, CallbackHandler callbacks) {
        super(NAME, authorizationId, protocol, host, props, sources, callbacks);
    }

    @Override
    String initialResponse(String user, String host, int port, String token) {
        return SaslStrings.oauthBearer(user, host, port, token);
    }

    @Override
    byte[] failureAnswer() {
        return new byte[] {1};
    }
}
