package io.github.mailoauth2.javamail.legacy;

import io.github.mailoauth2.MailOAuth2;
import javax.mail.Provider;

/**
 * The javax.mail 1.6 providers this jar lists in {@code META-INF/services/javax.mail.Provider}.
 * javax.mail looks a protocol up among the service providers in class-path order and instantiates
 * them when the application first asks for a store or transport, which installs the SASL provider.
 * This jar must come before {@code javax.mail.jar} on the class path for its providers to win;
 * otherwise use the Java agent or {@code java.security} route (see docs/registration.md).
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
}
