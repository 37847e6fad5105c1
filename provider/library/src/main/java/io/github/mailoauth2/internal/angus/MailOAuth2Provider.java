package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.internal.javamail.AdapterStartup;
import jakarta.mail.Provider;

/**
 * The JavaMail providers listed in this jar's {@code META-INF/services}. JavaMail instantiates
 * every listed provider when a session is created, which is the moment the SASL provider gets
 * installed; and since listed providers come before the implementation's defaults, the
 * application's {@code imap}, {@code imaps}, {@code smtp} and {@code smtps} services become the
 * implementation's own classes extended only to report why a token was rejected, and {@code pop3}
 * and {@code pop3s} its stores extended to fetch a token per connection. A provider whose adapter
 * cannot load with the application's JavaMail claims nothing it would break (see {@link AdapterStartup}).
 *
 * <p>This package is written against Angus Mail 2 and is the one source of the adapters for the
 * other implementations too: their modules compile it with the package names replaced.
 */
public abstract class MailOAuth2Provider extends Provider {
    static final String VENDOR = "mail-oauth2";
    /** The JavaMail class the IMAP adapters extend. */
    static final String IMAP_STORE = "org.eclipse.angus.mail.imap.IMAPStore";
    /** The class behind POP3's XOAUTH2: without it the connect password would go out with PASS. */
    static final String POP3_XOAUTH2 = "org.eclipse.angus.mail.pop3.Protocol$OAuth2Authenticator";

    MailOAuth2Provider(Type type, String protocol, Class<?> self, String adapter, String... required) {
        super(type, AdapterStartup.protocol(protocol, self.getClassLoader(), adapter, required), adapter, VENDOR,
                String.valueOf(self.getPackage().getImplementationVersion()));
        AdapterStartup.autoInstall();
    }

    /** {@code imap}: {@link OAuth2ImapStore}. */
    public static final class Imap extends MailOAuth2Provider {
        public Imap() {
            super(Type.STORE, "imap", Imap.class, "io.github.mailoauth2.internal.angus.OAuth2ImapStore", IMAP_STORE);
        }
    }

    /** {@code imaps}: {@link OAuth2ImapSslStore}. */
    public static final class Imaps extends MailOAuth2Provider {
        public Imaps() {
            super(Type.STORE, "imaps", Imaps.class, "io.github.mailoauth2.internal.angus.OAuth2ImapSslStore", IMAP_STORE);
        }
    }

    /** {@code smtp}: {@link OAuth2SmtpTransport}. */
    public static final class Smtp extends MailOAuth2Provider {
        public Smtp() {
            super(Type.TRANSPORT, "smtp", Smtp.class, "io.github.mailoauth2.internal.angus.OAuth2SmtpTransport",
                    "org.eclipse.angus.mail.smtp.SMTPTransport");
        }
    }

    /** {@code smtps}: {@link OAuth2SmtpSslTransport}. */
    public static final class Smtps extends MailOAuth2Provider {
        public Smtps() {
            super(Type.TRANSPORT, "smtps", Smtps.class, "io.github.mailoauth2.internal.angus.OAuth2SmtpSslTransport",
                    "org.eclipse.angus.mail.smtp.SMTPSSLTransport");
        }
    }

    /** {@code pop3}: {@link OAuth2Pop3Store}, where the implementation's POP3 has XOAUTH2. */
    public static final class Pop3 extends MailOAuth2Provider {
        public Pop3() {
            super(Type.STORE, "pop3", Pop3.class, "io.github.mailoauth2.internal.angus.OAuth2Pop3Store",
                    "org.eclipse.angus.mail.pop3.POP3Store", POP3_XOAUTH2);
        }
    }

    /** {@code pop3s}: {@link OAuth2Pop3SslStore}, where the implementation's POP3 has XOAUTH2. */
    public static final class Pop3s extends MailOAuth2Provider {
        public Pop3s() {
            super(Type.STORE, "pop3s", Pop3s.class, "io.github.mailoauth2.internal.angus.OAuth2Pop3SslStore",
                    "org.eclipse.angus.mail.pop3.POP3SSLStore", POP3_XOAUTH2);
        }
    }
}
