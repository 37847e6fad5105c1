package example.entra;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import io.github.mailoauth2.MailOAuth2;
import java.net.MalformedURLException;

/** What an application calls once at start-up; its mail sessions then say {@code mail.oauth2.source=entra}. */
public final class EntraSetup {
    private EntraSetup() {
    }

    /** With MSAL4J: the application's registration in the tenant, and one of its client secrets. */
    public static void withMsal(String tenantId, String clientId, String clientSecret) throws MalformedURLException {
        ConfidentialClientApplication app = ConfidentialClientApplication
                .builder(clientId, ClientCredentialFactory.createFromSecret(clientSecret))
                .authority("https://login.microsoftonline.com/" + tenantId + "/")
                .build();
        MailOAuth2.useTokenSource("entra", new MsalTokenSource(app));
    }

    /** With azure-identity: here a client secret; a managed identity or DefaultAzureCredential plugs in the same way. */
    public static void withAzureIdentity(String tenantId, String clientId, String clientSecret) {
        TokenCredential credential = new ClientSecretCredentialBuilder()
                .tenantId(tenantId)
                .clientId(clientId)
                .clientSecret(clientSecret)
                .build();
        MailOAuth2.useTokenSource("entra", new AzureIdentityTokenSource(credential));
    }
}
