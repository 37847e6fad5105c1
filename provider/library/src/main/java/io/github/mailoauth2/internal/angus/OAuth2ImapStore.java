package io.github.mailoauth2.internal.angus;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/** JavaMail's {@code imap} store; a rejected token's reason goes into the {@code AuthenticationFailedException}. */
public class OAuth2ImapStore extends IMAPStore {
    public OAuth2ImapStore(Session session, URLName url) {
        super(session, url);
        logger = Logins.adapterLogger(session, IMAPStore.class, "DEBUG IMAP");
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        return Logins.connect("imap", host, port, () -> super.protocolConnect(host, port, user, password));
    }

    @Override
    protected void preLogin(IMAPProtocol p) throws ProtocolException {
        Logins.beforeLogin(session, p);
        super.preLogin(p);
    }
}
