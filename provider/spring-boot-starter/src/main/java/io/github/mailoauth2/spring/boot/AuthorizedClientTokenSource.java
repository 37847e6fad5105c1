package io.github.mailoauth2.spring.boot;

import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;

/**
 * Mail tokens from Spring Security's OAuth2 client: each login asks the application's
 * {@link OAuth2AuthorizedClientManager} to authorize registration {@code registrationId} for the mail user as the
 * principal (client credentials, or a stored authorized client that it refreshes), and sends its access token.
 * The manager caches and renews the token.
 */
final class AuthorizedClientTokenSource implements TokenSource {
    private final OAuth2AuthorizedClientManager manager;
    private final String registrationId;

    AuthorizedClientTokenSource(OAuth2AuthorizedClientManager manager, String registrationId) {
        this.manager = manager;
        this.registrationId = registrationId;
    }

    @Override
    public AccessToken token(TokenRequest request, char[] connectPassword) throws IOException {
        OAuth2AuthorizedClient client;
        try {
            client = manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(registrationId).principal(principal(request)).build());
        } catch (OAuth2AuthorizationException e) {
            // the error's code and description: Spring Security's message, never a token
            throw new IOException("Spring Security could not authorize registration '" + registrationId + "' for " + principal(request)
                    + ": " + e.getError().getErrorCode() + (e.getError().getDescription() == null ? "" : " (" + e.getError().getDescription() + ")"), e);
        }
        if (client == null) {
            throw new IOException("Spring Security has no authorized client of registration '" + registrationId + "' for " + principal(request)
                    + " and cannot get one without the user (a client_credentials registration can)");
        }
        return new AccessToken(client.getAccessToken().getTokenValue(), client.getAccessToken().getExpiresAt());
    }

    private static String principal(TokenRequest request) {
        return request.user() == null || request.user().isEmpty() ? "mail" : request.user();
    }
}
