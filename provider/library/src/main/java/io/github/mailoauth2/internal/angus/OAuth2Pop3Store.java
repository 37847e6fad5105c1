package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.internal.javamail.AdapterStartup;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.pop3.POP3Store;

/**
 * JavaMail's {@code pop3} store, with a token from the configured source on every connection
 * when {@code mail.pop3.auth.mechanisms} includes XOAUTH2 (see {@link Pop3TokenLogin}).
 */
public class OAuth2Pop3Store extends POP3Store {
    private final Pop3TokenLogin login;

    public OAuth2Pop3Store(Session session, URLName url) {
        super(session, url);
        AdapterStartup.autoInstall();
        login = new Pop3TokenLogin(this, session, "pop3");
    }

    @Override
    public synchronized void connect(String host, int port, String user, String password) throws MessagingException {
        login.withOneRetry(() -> {
            super.connect(host, port, user, password);
            login.verifyConnected();
        });
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        return login.connect(host, port, user, password, token -> super.protocolConnect(host, port, user, token));
    }

    @Override
    public Folder getFolder(String name) throws MessagingException {
        // JavaMail's own check (isConnected() would log in on a new connection of its own, past the adapter)
        super.getFolder(name);
        return new TokenRenewingPop3Folder(this, name, login);
    }
}
