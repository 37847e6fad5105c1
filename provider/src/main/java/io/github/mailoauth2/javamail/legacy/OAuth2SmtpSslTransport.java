package io.github.mailoauth2.javamail.legacy;

import com.sun.mail.smtp.SMTPSSLTransport;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.URLName;

/** javax.mail 1.6's {@code smtps} transport; a rejected token's reason goes into the {@code AuthenticationFailedException}. */
public class OAuth2SmtpSslTransport extends SMTPSSLTransport {
    public OAuth2SmtpSslTransport(Session session, URLName url) {
        super(session, url);
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        return Logins.connect(port, () -> super.protocolConnect(host, port, user, password));
    }
}
