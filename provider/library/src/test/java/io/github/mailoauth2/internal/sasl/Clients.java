package io.github.mailoauth2.internal.sasl;

import io.github.mailoauth2.internal.sources.ConnectPasswordTokenSource;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRejection;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;

/** Builds clients the way JavaMail does: a callback handler answering the connect user and password. */
final class Clients {
    private Clients() {
    }

    static CallbackHandler connectAs(String user, String password) {
        return callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback pass) {
                    pass.setPassword(password == null ? null : password.toCharArray());
                }
            }
        };
    }

    static XOAuth2Client xoauth2(String protocol, String user, String token) {
        return new XOAuth2Client(null, protocol, "mail.example.test", Map.of(), (p, m) -> new ConnectPasswordTokenSource(),
                connectAs(user, token));
    }

    static OAuthBearerClient oauthbearer(String protocol, String host, Map<String, ?> props, String user, String token) {
        return new OAuthBearerClient(null, protocol, host, props, (p, m) -> new ConnectPasswordTokenSource(), connectAs(user, token));
    }

    /** Records every call, hands out a fixed token. */
    static final class RecordingSource implements TokenSource {
        final List<TokenRequest> requests = new ArrayList<>();
        final List<TokenRejection> rejections = new ArrayList<>();
        final List<AccessToken> rejectedTokens = new ArrayList<>();
        private final String token;

        RecordingSource(String token) {
            this.token = token;
        }

        @Override
        public AccessToken token(TokenRequest request, char[] connectPassword) throws IOException {
            requests.add(request);
            return new AccessToken(token, null);
        }

        @Override
        public void rejected(TokenRequest request, AccessToken rejected, TokenRejection rejection) {
            rejectedTokens.add(rejected);
            rejections.add(rejection);
        }
    }
}
