package io.github.mailoauth2.internal.sasl;

import io.github.mailoauth2.internal.runtime.LibraryRuntime;
import java.security.Provider;

/**
 * The security provider that offers {@code SaslClientFactory.XOAUTH2} and
 * {@code SaslClientFactory.OAUTHBEARER}. Its name is {@value #NAME}.
 *
 * <p>Usually installed by {@code MailOAuth2.install()} ({@link ProviderInstallation}), automatically when a JavaMail session is
 * created, or by the Java agent; the JDK makes one itself from a {@code security.provider.N} line
 * in {@code java.security} (this class is also listed in {@code META-INF/services/java.security.Provider}).
 */
public final class OAuth2SaslProvider extends Provider {
    private static final long serialVersionUID = 1L;

    /** The provider's name, as {@link java.security.Security#getProvider(String)} knows it. */
    public static final String NAME = "MailOAuth2";

    /** The clients take tokens from the sources of the {@link LibraryRuntime}; the JDK, which makes providers by name, calls this. */
    public OAuth2SaslProvider() {
        this(LibraryRuntime::tokenSource);
    }

    /** A provider whose clients take their tokens from the sources {@code lookup} finds. */
    public OAuth2SaslProvider(TokenSourceLookup lookup) {
        super(NAME, "1.0", "mail-oauth2: SASL XOAUTH2 and OAUTHBEARER clients with refreshed tokens");
        putService(new FactoryService(this, XOAuth2Client.NAME, lookup));
        putService(new FactoryService(this, OAuthBearerClient.NAME, lookup));
    }

    /** Makes the factory with the lookup, where a plain Service would call a no-argument constructor. */
    private static final class FactoryService extends Service {
        private final transient TokenSourceLookup lookup;

        FactoryService(Provider provider, String mechanism, TokenSourceLookup lookup) {
            super(provider, "SaslClientFactory", mechanism, OAuth2SaslClientFactory.class.getName(), null, null);
            this.lookup = lookup;
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return new OAuth2SaslClientFactory(lookup);
        }
    }
}
