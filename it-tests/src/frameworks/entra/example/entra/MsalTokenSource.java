package example.entra;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRejection;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Exchange Online tokens from MSAL4J's confidential client: app-only (client credentials), for every mailbox the
 * application was given access to in Exchange. MSAL caches the token and fetches a new one before it expires.
 */
public final class MsalTokenSource implements TokenSource {
    private static final Set<String> EXCHANGE = Set.of("https://outlook.office365.com/.default");

    private final ConfidentialClientApplication app;
    /** Set when a server refused a token: the next one comes from Entra ID, not from MSAL's cache. */
    private volatile boolean skipCache;

    public MsalTokenSource(ConfidentialClientApplication app) {
        this.app = app;
    }

    @Override
    public AccessToken token(TokenRequest request, char[] connectPassword) throws IOException {
        ClientCredentialParameters parameters = ClientCredentialParameters.builder(EXCHANGE).skipCache(skipCache).build();
        try {
            IAuthenticationResult result = app.acquireToken(parameters).get(30, TimeUnit.SECONDS);
            skipCache = false;
            return new AccessToken(result.accessToken(), result.expiresOnDate().toInstant());
        } catch (ExecutionException e) {
            // MSAL's messages name the AADSTS error and never the secret
            throw new IOException("Entra ID gave no token for " + request.user() + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IOException("Entra ID did not answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for Entra ID");
        }
    }

    @Override
    public void rejected(TokenRequest request, AccessToken token, TokenRejection rejection) {
        skipCache = true;
    }
}
