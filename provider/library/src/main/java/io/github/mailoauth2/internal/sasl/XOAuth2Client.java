package io.github.mailoauth2.internal.sasl;

import java.util.Map;
import javax.security.auth.callback.CallbackHandler;

/**
 * Google's XOAUTH2: {@code user=USER ^A auth=Bearer TOKEN ^A ^A}. After a failure report the
 * client sends an empty response.
 */
final class XOAuth2Client extends BearerTokenClient {
    static final String NAME = "XOAUTH2";

    XOAuth2Client(String authorizationId, String protocol, String host, Map<String, ?> props,
                  TokenSourceLookup sources, CallbackHandler callbacks) {
        super(NAME, authorizationId, protocol, host, props, sources, callbacks);
    }

    @Override
    String initialResponse(String user, String host, int port, String token) {
        return SaslStrings.xoauth2(user, token);
    }

    @Override
    byte[] failureAnswer() {
        return new byte[0];
    }
}
