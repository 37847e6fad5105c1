package io.github.mailoauth2.internal.angus;

import jakarta.mail.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.util.MailLogger;

/**
 * An IMAP connection of a mail-oauth2 store. The store makes every connection through
 * {@code newIMAPProtocol}, the first one and each pooled one (a second open folder, a re-open, a
 * reconnect), and logs in on it in a private method: so the login is wrapped here, where every one
 * passes, with the connection's real host and port (see {@link ImapLogin}).
 */
final class OAuth2ImapProtocol extends IMAPProtocol {
    private static final System.Logger LOG = System.getLogger(Logins.class.getName());

    private final String protocol;
    private final int port;
    private final Session session;
    /** Marks the token this connection logged in with as spent; null until a login of ours succeeds. */
    private volatile Consumer<String> spendToken;

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

    /** A login of ours succeeded on this connection with the token {@code spend} marks as spent. */
    void loggedIn(Consumer<String> spend) {
        spendToken = spend;
    }

    /**
     * Every response, IDLE's included. A server that ends the session because the token expired
     * (Exchange Online: {@code * BYE Session invalidated - AccessTokenExpired}) has spent the token, even
     * if the cache still counts it valid (clocks differ, the server cut it short): the reconnect that
     * follows must fetch a fresh one rather than have the cached one rejected first.
     */
    @Override
    public Response readResponse() throws IOException, ProtocolException {
        Response r = super.readResponse();
        Consumer<String> spend = spendToken;
        if (spend != null && r.isBYE() && r.toString().contains("AccessTokenExpired")) {
            spendToken = null;
            String serverSaid = r.getRest();
            LOG.log(Level.INFO, () -> protocol + " server " + host + " ended the session: " + serverSaid
                    + "; the next login fetches a fresh token");
            spend.accept(serverSaid);
        }
        return r;
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
