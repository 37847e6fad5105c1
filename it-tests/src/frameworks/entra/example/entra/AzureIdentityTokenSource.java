package example.entra;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;

/**
 * Exchange Online tokens from any azure-identity credential: a client secret or certificate, a managed identity, a
 * workload identity, or {@code DefaultAzureCredential}'s chain. The credential caches the token and renews it.
 */
public final class AzureIdentityTokenSource implements TokenSource {
    private static final String EXCHANGE = "https://outlook.office365.com/.default";

    private final TokenCredential credential;

    public AzureIdentityTokenSource(TokenCredential credential) {
        this.credential = credential;
    }

    @Override
    public AccessToken token(TokenRequest request, char[] connectPassword) throws IOException {
        try {
            com.azure.core.credential.AccessToken token = credential.getTokenSync(new TokenRequestContext().addScopes(EXCHANGE));
            return new AccessToken(token.getToken(), token.getExpiresAt().toInstant());
        } catch (RuntimeException e) {
            // azure-identity's ClientAuthenticationException and CredentialUnavailableException: no secret in them
            throw new IOException("azure-identity gave no token for " + request.user() + ": " + e.getMessage(), e);
        }
    }
}
