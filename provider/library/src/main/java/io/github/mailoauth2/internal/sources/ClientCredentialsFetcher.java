package io.github.mailoauth2.internal.sources;

import com.google.api.client.auth.oauth2.ClientCredentialsTokenRequest;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRequest;
import java.io.IOException;

/** App-only access (Microsoft 365 with {@code https://outlook.office365.com/.default}): nothing to store. */
final class ClientCredentialsFetcher implements CachingTokenSource.Fetcher {
    private final TokenEndpoint endpoint;

    ClientCredentialsFetcher(TokenEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public AccessToken fetch(String account, TokenRequest request) throws IOException {
        return endpoint.execute("an app-only token (client credentials) for " + account,
                url -> new ClientCredentialsTokenRequest(TokenEndpoint.TRANSPORT, TokenEndpoint.JSON, url)).accessToken();
    }
}
