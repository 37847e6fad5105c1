package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.internal.javamail.Adapters;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.imap.IMAPSSLStore;

/** JavaMail's {@code imaps} store; a rejected token's reason goes into the {@code AuthenticationFailedException}. */
public class OAuth2ImapSslStore extends IMAPSSLStore {
    public OAuth2ImapSslStore(Session session, URLName url) {
        super(session, url);
        Adapters.autoInstall();
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        return Logins.connect(port, () -> super.protocolConnect(host, port, user, password));
    }
}
