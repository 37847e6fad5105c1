package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.internal.javamail.DebugRedaction;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/** JavaMail's {@code smtp} transport; a rejected token's reason goes into the {@code AuthenticationFailedException}. */
public class OAuth2SmtpTransport extends SMTPTransport {
    public OAuth2SmtpTransport(Session session, URLName url) {
        super(session, url);
        // SMTPTransport keeps its logger private
        DebugRedaction.replaceField(this, SMTPTransport.class, "logger",
                Logins.adapterLogger(session, SMTPTransport.class, "DEBUG SMTP"));
        Logins.saslForOwnXoauth2(this, "smtp", session);
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        return Logins.connect(session, "smtp", host, port, () -> super.protocolConnect(host, port, user, password));
    }

    /** Asked for each mechanism after STARTTLS, before any AUTH command: the gate. */
    @Override
    protected boolean supportsAuthentication(String auth) {
        return Logins.mayAuthenticate(session, isSSL()) && super.supportsAuthentication(auth);
    }
}
