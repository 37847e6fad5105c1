package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.internal.javamail.DebugRedaction;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPSSLTransport;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/** JavaMail's {@code smtps} transport; a rejected token's reason goes into the {@code AuthenticationFailedException}. */
public class OAuth2SmtpSslTransport extends SMTPSSLTransport {
    public OAuth2SmtpSslTransport(Session session, URLName url) {
        super(session, url);
        // SMTPTransport keeps its logger private
        DebugRedaction.replaceField(this, SMTPTransport.class, "logger",
                Logins.adapterLogger(session, SMTPTransport.class, "DEBUG SMTP"));
        Logins.saslForOwnXoauth2(this, "smtps", session);
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        return Logins.connect(session, "smtps", host, port, () -> super.protocolConnect(host, port, user, password));
    }

    /** Asked for each mechanism after STARTTLS, before any AUTH command: the gate. */
    @Override
    protected boolean supportsAuthentication(String auth) {
        return Logins.mayAuthenticate(session, isSSL()) && super.supportsAuthentication(auth);
    }
}
