package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.internal.javamail.Adapters;
import io.github.mailoauth2.internal.javamail.DebugRedaction;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPSSLTransport;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.angus.mail.util.MailLogger;

/** JavaMail's {@code smtps} transport; a rejected token's reason goes into the {@code AuthenticationFailedException}. */
public class OAuth2SmtpSslTransport extends SMTPSSLTransport {
    /** Where {@code protocolConnect} is connecting: for the encryption gate, which JavaMail calls without it. */
    private volatile String connectingHost;
    private volatile int connectingPort;

    public OAuth2SmtpSslTransport(Session session, URLName url) {
        super(session, url);
        Adapters.autoInstall();
        // SMTPTransport keeps its logger private: named as the mail library names it, printing its
        // mail.debug output without tokens
        DebugRedaction.replaceField(this, SMTPTransport.class, "logger", new MailLogger(SMTPTransport.class,
                "DEBUG SMTP", session.getDebug(), DebugRedaction.wrap(session.getDebugOut())));
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        connectingHost = host;
        connectingPort = port;
        return Logins.connect(port, () -> super.protocolConnect(host, port, user, password));
    }

    /** Asked for each mechanism after STARTTLS, before any AUTH command: no mechanism at all without TLS. */
    @Override
    protected boolean supportsAuthentication(String auth) {
        return Logins.beforeAuthentication(session, "smtps", isSSL(), connectingHost, connectingPort) == null
                && super.supportsAuthentication(auth);
    }
}
