package io.github.mailoauth2.javamail.legacy;

import com.sun.mail.imap.IMAPSSLStore;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.URLName;

/** javax.mail 1.6's {@code imaps} store; a rejected token's reason goes into the {@code AuthenticationFailedException}. */
public class OAuth2ImapSslStore extends IMAPSSLStore {
    public OAuth2ImapSslStore(Session session, URLName url) {
        super(session, url);
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        return Logins.connect(port, () -> super.protocolConnect(host, port, user, password));
    }
}
