package io.github.mailoauth2.javamail;

import io.github.mailoauth2.MailOAuth2;
import jakarta.mail.Provider;

/**
 * The JavaMail providers this jar lists in {@code META-INF/services/jakarta.mail.Provider}.
 * {@code Session.getInstance} instantiates every listed provider, which is the moment the SASL
 * provider gets installed; and since listed providers come before Angus's defaults, the
 * application's {@code imap}, {@code imaps}, {@code smtp} and {@code smtps} services become
 * Angus's own classes extended only to report why a token was rejected, and {@code pop3} and
 * {@code pop3s} Angus's stores extended to fetch a token per connection.
 */
public abstract class MailOAuth2Provider extends Provider {
    static final String VENDOR = "mail-oauth2";

    MailOAuth2Provider(Type type, String protocol, Class<?> implementation) {
        super(type, protocol, implementation.getName(), VENDOR,
                String.valueOf(MailOAuth2Provider.class.getPackage().getImplementationVersion()));
        MailOAuth2.autoInstall();
    }

    /** {@code imap}: {@link OAuth2ImapStore}. */
    public static final class Imap extends MailOAuth2Provider {
        public Imap() {
            super(Type.STORE, "imap", OAuth2ImapStore.class);
        }
    }

    /** {@code imaps}: {@link OAuth2ImapSslStore}. */
    public static final class Imaps extends MailOAuth2Provider {
        public Imaps() {
            super(Type.STORE, "imaps", OAuth2ImapSslStore.class);
        }
    }

    /** {@code smtp}: {@link OAuth2SmtpTransport}. */
    public static final class Smtp extends MailOAuth2Provider {
        public Smtp() {
            super(Type.TRANSPORT, "smtp", OAuth2SmtpTransport.class);
        }
    }

    /** {@code smtps}: {@link OAuth2SmtpSslTransport}. */
    public static final class Smtps extends MailOAuth2Provider {
        public Smtps() {
            super(Type.TRANSPORT, "smtps", OAuth2SmtpSslTransport.class);
        }
    }

    /** {@code pop3}: {@link OAuth2Pop3Store}. */
    public static final class Pop3 extends MailOAuth2Provider {
        public Pop3() {
            super(Type.STORE, "pop3", OAuth2Pop3Store.class);
        }
    }

    /** {@code pop3s}: {@link OAuth2Pop3SslStore}. */
    public static final class Pop3s extends MailOAuth2Provider {
        public Pop3s() {
            super(Type.STORE, "pop3s", OAuth2Pop3SslStore.class);
        }
    }
}
