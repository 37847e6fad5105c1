package io.github.mailoauth2.internal.sasl;

import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;

/**
 * Creates XOAUTH2 and OAUTHBEARER clients. Made by {@link OAuth2SaslProvider}; applications
 * call {@link Sasl#createSaslClient}, or let JavaMail do it, never this class directly.
 *
 * <p>The clients send the token in the clear, so they refuse to send it over a connection without TLS
 * (see {@link Encryption}). They are offered whatever the caller's {@link Sasl#POLICY_NOPLAINTEXT}:
 * declining would hand the login to the mail library's own XOAUTH2 client, which sends the token
 * over any connection.
 * The callback handler answers the user name and the connect password; the token comes from the
 * token source that {@code sources} finds for the session's properties, when the exchange starts.
 */
final class OAuth2SaslClientFactory implements SaslClientFactory {
    private static final String[] MECHANISMS = {XOAuth2Client.NAME, OAuthBearerClient.NAME};

    private final TokenSourceLookup sources;

    OAuth2SaslClientFactory(TokenSourceLookup sources) {
        this.sources = sources;
    }

    @Override
    public SaslClient createSaslClient(String[] mechanisms, String authorizationId, String protocol,
                                       String serverName, Map<String, ?> props, CallbackHandler cbh) {
        if (mechanisms == null) {
            return null;
        }
        for (String mechanism : mechanisms) {
            if (XOAuth2Client.NAME.equals(mechanism)) {
                return new XOAuth2Client(authorizationId, protocol, serverName, props, sources, cbh);
            }
            if (OAuthBearerClient.NAME.equals(mechanism)) {
                return new OAuthBearerClient(authorizationId, protocol, serverName, props, sources, cbh);
            }
        }
        return null;
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
        return MECHANISMS.clone();
    }
}
