package io.github.mailoauth2.internal.sasl;

import java.lang.System.Logger.Level;
import java.security.Provider;
import java.security.Security;

/**
 * Puts {@link OAuth2SaslProvider} first in the JVM's preference order, ahead of Angus Mail's own XOAUTH2 client
 * (which Angus appends on its first SASL login), because {@code Sasl.createSaslClient} takes the first provider that
 * offers a mechanism; and takes it out again. What {@code MailOAuth2.install()}, the adapters' automatic installation
 * and the Java agent call.
 */
public final class ProviderInstallation {
    private static final System.Logger LOG = System.getLogger(ProviderInstallation.class.getName());

    private ProviderInstallation() {
    }

    /**
     * Installs the provider first; does nothing if it already comes before every other XOAUTH2 provider.
     *
     * @return {@code true} if this call installed or moved it
     * @throws SecurityException if a security manager forbids it, with a message that says which permission to grant
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

    /** Removes the provider, if installed. */
    public static synchronized void uninstall() {
        if (Security.getProvider(OAuth2SaslProvider.NAME) != null) {
            Security.removeProvider(OAuth2SaslProvider.NAME);
        }
    }

    /**
     * Each provider's {@code getService}, not {@code Security.getProviders("SaslClientFactory.XOAUTH2")}: that filter
     * compares every property of every provider lacking the service, case-insensitively, and every adapter of a new
     * session calls this; a cold JVM runs it interpreted (a seventh of a static-token cold start's time).
     */
    private static Provider firstXoauth2Provider() {
        for (Provider provider : Security.getProviders()) {
            if (provider.getService("SaslClientFactory", "XOAUTH2") != null) {
                return provider;
            }
        }
        return null;
    }
}
