package io.github.mailoauth2.internal.angus;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.ListInfo;

/**
 * JavaMail's {@code imap} store; a rejected token's reason goes into the {@code AuthenticationFailedException},
 * and every connection's login, a pooled one's too, goes through mail-oauth2 ({@link OAuth2ImapProtocol}).
 */
public class OAuth2ImapStore extends IMAPStore {
    public OAuth2ImapStore(Session session, URLName url) {
        this(session, url, "imap", false);
    }

    /** What {@code IMAPSSLStore} is: this store under another name, with TLS from the start. */
    OAuth2ImapStore(Session session, URLName url, String name, boolean isSSL) {
        super(session, url, name, isSSL);
        logger = Logins.adapterLogger(session, IMAPStore.class, "DEBUG IMAP");
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        return Logins.withReason(session, name, host, port, () -> super.protocolConnect(host, port, user, password));
    }

    /** Every connection, the pooled ones too: its logins report to mail-oauth2. */
    @Override
    protected IMAPProtocol newIMAPProtocol(String host, int port) throws IOException, ProtocolException {
        return new OAuth2ImapProtocol(name, host, port, session, isSSL, logger);
    }

    @Override
    protected void preLogin(IMAPProtocol p) throws ProtocolException {
        Logins.beforeLogin(p);
        super.preLogin(p);
    }

    @Override
    protected IMAPFolder newIMAPFolder(String fullName, char separator, Boolean isNamespace) {
        return Logins.ownFolderClass(session, name) ? super.newIMAPFolder(fullName, separator, isNamespace)
                : new OAuth2ImapFolder(fullName, separator, this, isNamespace, name, host);
    }

    @Override
    protected IMAPFolder newIMAPFolder(ListInfo li) {
        return Logins.ownFolderClass(session, name) ? super.newIMAPFolder(li) : new OAuth2ImapFolder(li, this, name, host);
    }
}
