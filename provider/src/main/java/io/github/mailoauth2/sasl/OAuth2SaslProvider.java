package io.github.mailoauth2.sasl;

import java.security.Provider;

/**
 * The security provider that offers {@code SaslClientFactory.XOAUTH2} and
 * {@code SaslClientFactory.OAUTHBEARER}. Its name is {@value #NAME}.
 *
 * <p>Usually installed by {@link io.github.mailoauth2.MailOAuth2#install()}, automatically when a
 * JavaMail session is created, by the Java agent, or by a {@code security.provider.N} line in
 * {@code java.security} (this class is also listed in {@code META-INF/services/java.security.Provider}).
 */
public final class OAuth2SaslProvider extends Provider {
    private static final long serialVersionUID = 1L;

    /** The provider's name, as {@link java.security.Security#getProvider(String)} knows it. */
    public static final String NAME = "MailOAuth2";

    public OAuth2SaslProvider() {
        super(NAME, "1.0", "mail-oauth2: SASL XOAUTH2 and OAUTHBEARER clients with refreshed tokens");
        String factory = OAuth2SaslClientFactory.class.getName();
        putService(new Service(this, "SaslClientFactory", XOAuth2Client.NAME, factory, null, null));
        putService(new Service(this, "SaslClientFactory", OAuthBearerClient.NAME, factory, null, null));
    }
}
