package io.github.mailoauth2.internal.javamail;

import io.github.mailoauth2.internal.runtime.LibraryRuntime;
import io.github.mailoauth2.internal.sasl.ProviderInstallation;
import java.lang.System.Logger.Level;

/**
 * What a JavaMail adapter of any implementation does when JavaMail makes it: decide whether it may
 * claim its protocol, and install the SASL provider automatically.
 *
 * <p>JavaMail instantiates every {@code Provider} listed in the service files of every jar, whether
 * or not it can serve the application's JavaMail. An adapter whose classes do not load (another
 * implementation, another version) must not claim {@code imap}: the application's {@code getStore}
 * would fail. It claims a private protocol name instead, which no application asks for, and
 * JavaMail's own classes keep the protocol.
 */
public final class AdapterStartup {
    /** The system property that, set to {@code false}, stops the automatic installation ({@code MailOAuth2.AUTO_INSTALL_PROPERTY}). */
    public static final String AUTO_INSTALL_PROPERTY = "mailoauth2.autoinstall";

    private static final System.Logger LOG = System.getLogger(AdapterStartup.class.getName());
    private static final String ANGUS_ADAPTERS = "io.github.mailoauth2.internal.angus.";

    private AdapterStartup() {
    }

    /**
     * {@code protocol} if each class loads with {@code loader}, else a private name. The adapter is loaded, not
     * initialized: that finds what a JavaMail of another version lacks (a class, a supertype, a method made final)
     * without initializing and verifying the JavaMail class it extends, which would load that protocol's whole
     * implementation (SMTP's and POP3's in a program that only reads IMAP) when the session is created.
     *
     * @param adapter the adapter class (loading it loads the JavaMail class it extends)
     * @param required the JavaMail class the adapter extends, and further classes it needs (e.g. a mechanism's
     *     implementation): looked up before the adapter, so that an absent JavaMail is a class not found rather than
     *     an adapter that fails to define (which module systems such as JBoss Modules log as a WARNING with a stack trace)
     */
    public static String protocol(String protocol, ClassLoader loader, String adapter, String... required) {
        try {
            for (String name : required) {
                Class.forName(name, false, loader);
            }
            Class.forName(adapter, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.log(Level.DEBUG, () -> "mail-oauth2: " + adapter + " stands aside for " + protocol
                    + ", this JavaMail lacks what it needs (" + e + ")");
            if (adapter.startsWith(ANGUS_ADAPTERS)) {
                // a jakarta.mail session whose JavaMail is not Angus Mail 2 is Angus Mail 1 or Jakarta Mail 2.0
                MissingAdapters.check(loader, "com.sun.mail.imap.IMAPStore", "io.github.mailoauth2.internal.sunjakarta."
                        + adapter.substring(ANGUS_ADAPTERS.length()), "mail-oauth2-sun-jakarta",
                        "Angus Mail 1 or Jakarta Mail 2.0 (com.sun.mail classes under the jakarta.mail API, as Spring"
                        + " Boot 3.0 and 3.1 ship it)");
            }
            return "mail-oauth2-unused-" + protocol;
        }
        LibraryRuntime.current().claims().claimed(protocol, adapter);
        return protocol;
    }

    /**
     * Installs the SASL provider unless {@value #AUTO_INSTALL_PROPERTY} is {@code false};
     * reports a refusal as a warning instead of failing the application's mail session.
     */
    public static void autoInstall() {
        if ("false".equalsIgnoreCase(System.getProperty(AUTO_INSTALL_PROPERTY, "true"))) {
            return;
        }
        try {
            if (ProviderInstallation.install()) {
                LOG.log(Level.DEBUG, "installed the mail-oauth2 SASL provider (XOAUTH2, OAUTHBEARER)");
            }
        } catch (SecurityException | LinkageError e) {
            LOG.log(Level.WARNING, e.getMessage());
        }
    }
}
