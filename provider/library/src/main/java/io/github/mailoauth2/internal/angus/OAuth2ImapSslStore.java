package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.internal.javamail.Adapters;
import io.github.mailoauth2.internal.javamail.DebugRedaction;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.util.MailLogger;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.IMAPSSLStore;
import org.eclipse.angus.mail.imap.IMAPStore;

/** JavaMail's {@code imaps} store; a rejected token's reason goes into the {@code AuthenticationFailedException}. */
public class OAuth2ImapSslStore extends IMAPSSLStore {
    /** Where {@code protocolConnect} is connecting: for the encryption gate, which JavaMail calls without it. */
    private volatile String connectingHost;
    private volatile int connectingPort;

    public OAuth2ImapSslStore(Session session, URLName url) {
        super(session, url);
        Adapters.autoInstall();
        // named as the mail library names it, printing its mail.debug output without tokens
        logger = new MailLogger(IMAPStore.class, "DEBUG IMAP", session.getDebug(),
                DebugRedaction.wrap(session.getDebugOut()));
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        connectingHost = host;
        connectingPort = port;
        return Logins.connect(port, () -> super.protocolConnect(host, port, user, password));
    }

    /** After STARTTLS, before AUTHENTICATE or LOGIN. */
    @Override
    protected void preLogin(IMAPProtocol p) throws ProtocolException {
        String refusal = Logins.beforeAuthentication(session, "imaps", p.isSSL(), connectingHost, connectingPort);
        if (refusal != null) {
            throw new ProtocolException(refusal);
        }
        super.preLogin(p);
    }
}
