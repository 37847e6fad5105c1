package io.github.mailoauth2;

import io.github.mailoauth2.sasl.OAuth2SaslProvider;
import java.lang.System.Logger.Level;
import java.security.Provider;
import java.security.Security;

/**
 * Registers the XOAUTH2 and OAUTHBEARER SASL clients so that JavaMail uses them.
 *
 * <p>Most applications never call this: with the jar on the class path, creating a JavaMail
 * {@code Session} installs the provider (set the system property {@value #AUTO_INSTALL_PROPERTY}
 * to {@code false} to prevent that). The Java agent and a {@code security.provider.N} line in
 * {@code java.security} are the other routes; {@code docs/registration.md} compares them. Those who
 * prefer code call {@code MailOAuth2.install()} once at start-up.
 *
 * <p>The provider is put first in the JVM's preference order, ahead of Angus Mail's own XOAUTH2
 * client (which Angus appends on its first SASL login), because {@code Sasl.createSaslClient}
 * takes the first provider that offers a mechanism.
 */
public final class MailOAuth2 {
    /** System property that, set to {@code false}, stops the automatic installation. */
    public static final String AUTO_INSTALL_PROPERTY = "mailoauth2.autoinstall";

    private static final System.Logger LOG = System.getLogger(MailOAuth2.class.getName());

    private MailOAuth2() {
    }

    /**
     * Installs the provider first in the preference order; does nothing if it already comes
     * before every other XOAUTH2 provider. Safe to call any number of times from any thread.
     *
     * @return {@code true} if this call installed or moved it
     * @throws SecurityException if a security manager forbids adding security providers, with a
     *         message that says which permission to grant
     */
    public static synchronized boolean install() {
        Provider first = firstXoauth2Provider();
        if (first != null && OAuth2SaslProvider.NAME.equals(first.getName())) {
            return false;
        }
        try {
            if (Security.getProvider(OAuth2SaslProvider.NAME) != null) {
                LOG.log(Level.DEBUG, "moving the " + OAuth2SaslProvider.NAME + " SASL provider ahead of " + first.getName());
                Security.removeProvider(OAuth2SaslProvider.NAME);
            } else if (first != null) {
                LOG.log(Level.DEBUG, "installing the " + OAuth2SaslProvider.NAME + " SASL provider ahead of "
                        + first.getName() + ", which also offers XOAUTH2");
            }
            Security.insertProviderAt(new OAuth2SaslProvider(), 1);
            return true;
        } catch (SecurityException e) {
            throw new SecurityException("mail-oauth2: the security manager forbids installing the "
                    + OAuth2SaslProvider.NAME + " SASL provider. Grant java.security.SecurityPermission"
                    + " \"insertProvider\" and \"removeProvider." + OAuth2SaslProvider.NAME + "\", or list "
                    + OAuth2SaslProvider.class.getName() + " as security.provider.N in java.security", e);
        }
    }

    /**
     * The automatic route: installs unless {@value #AUTO_INSTALL_PROPERTY} is {@code false}, and
     * reports a refusal as a warning instead of failing the application's mail session.
     */
    public static void autoInstall() {
        if ("false".equalsIgnoreCase(System.getProperty(AUTO_INSTALL_PROPERTY, "true"))) {
            return;
        }
        try {
            if (install()) {
                LOG.log(Level.DEBUG, "installed the " + OAuth2SaslProvider.NAME + " SASL provider (XOAUTH2, OAUTHBEARER)");
            }
        } catch (SecurityException e) {
            LOG.log(Level.WARNING, e.getMessage());
        }
    }

    private static Provider firstXoauth2Provider() {
        Provider[] providers = Security.getProviders("SaslClientFactory.XOAUTH2");
        return providers == null ? null : providers[0];
    }
}
