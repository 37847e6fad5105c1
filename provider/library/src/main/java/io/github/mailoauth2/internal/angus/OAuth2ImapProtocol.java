package io.github.mailoauth2.internal.angus;

import jakarta.mail.Session;
import java.io.IOException;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.util.MailLogger;

/**
 * An IMAP connection of a mail-oauth2 store. The store makes every connection through
 * {@code newIMAPProtocol}, the first one and each pooled one (a second open folder, a re-open, a
 * reconnect), and logs in on it in a private method: so the login is wrapped here, where every one
 * passes, with the connection's real host and port (see {@link ImapLogin}).
 */
final class OAuth2ImapProtocol extends IMAPProtocol {
    private final String protocol;
    private final int port;
    private final Session session;

    OAuth2ImapProtocol(String protocol, String host, int port, Session session, boolean isSSL, MailLogger logger)
            throws IOException, ProtocolException {
        super(protocol, host, port, session.getProperties(), isSSL, logger);
        this.protocol = protocol;
        this.port = port;
        this.session = session;
    }

    String protocol() {
        return protocol;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    Session session() {
        return session;
    }

    @Override
    public void sasllogin(String[] allowed, String realm, String authzid, String u, String p) throws ProtocolException {
        ImapLogin.run(this, () -> super.sasllogin(allowed, realm, authzid, u, p));
    }

    /**
     * JavaMail's own XOAUTH2 ({@code mail.imap.auth.mechanisms=XOAUTH2} without {@code sasl.enable})
     * sends the connect password as the token; where a token source is configured for the session,
     * the login goes through the SASL path instead, whose XOAUTH2 client takes the source's token.
     */
    @Override
    public synchronized void authoauth2(String u, String p) throws ProtocolException {
        if (!Logins.tokenSourceConfigured(protocol, session)) {
            super.authoauth2(u, p);
            return;
        }
        sasllogin(new String[] {"XOAUTH2"}, null, null, u, p);
        if (!isAuthenticated()) {
            throw new CommandFailedException("XOAUTH2 authentication failed");
        }
    }
}
