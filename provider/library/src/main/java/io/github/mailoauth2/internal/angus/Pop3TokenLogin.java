package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.internal.TokenOrigin;
import io.github.mailoauth2.internal.sasl.Encryption;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRejection;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import org.eclipse.angus.mail.pop3.POP3Store;

/**
 * The token side of one POP3 store. POP3 has no SASL path in JavaMail, only its built-in XOAUTH2
 * that sends the connect password as the token. So, when {@code mail.pop3.auth.mechanisms} asks for
 * XOAUTH2, the store asks the configured token source for a token on every connection and hands it
 * to JavaMail as the password: at {@code connect}, and before each {@code Folder.open}, which opens a
 * new connection.
 */
final class Pop3TokenLogin {
    private static final System.Logger LOG = System.getLogger("io.github.mailoauth2.internal.sasl");
    /** JavaMail keeps the password for the connections {@code Folder.open} makes; it has no setter. */
    private static final Field PASSWORD = passwordField();

    /** The superclass's {@code protocolConnect}, given the password to use. */
    interface Connect {
        boolean connect(String password) throws MessagingException;
    }

    private final POP3Store store;
    private final Session session;
    private final String protocol;
    private TokenSource source;
    private TokenRequest request;
    private String connectPassword;
    private AccessToken token;
    private boolean tokenWasCached;
    /** The last rejection was of a cached token: one retry may help. */
    private boolean retryable;

    Pop3TokenLogin(POP3Store store, Session session, String protocol) {
        this.store = store;
        this.session = session;
        this.protocol = protocol;
    }

    /** {@code protocolConnect} with a token from the source in place of the password. */
    boolean connect(String host, int port, String user, String password, Connect connect) throws MessagingException {
        token = null;
        if (!Encryption.wanted(protocol, Logins.properties(session)) || user == null) {
            return connect.connect(password);
        }
        request = new TokenRequest(user, protocol, host, port);
        // JavaMail keeps it too (as a String): the source may need it again when a folder reconnects
        connectPassword = password;
        try {
            // POP3 negotiates STARTTLS and sends the token in one call: only settings that guarantee TLS count
            if (!Encryption.permits(Encryption.guaranteed(protocol, Logins.properties(session)), protocol, host,
                    Logins.properties(session))) {
                throw new AuthenticationFailedException(Encryption.refusal("XOAUTH2", protocol, host, port));
            }
            source = MailOAuth2.tokenSource(protocol, Logins.properties(session));
            TokenOrigin.reset();
            token = source.token(request, password == null ? null : password.toCharArray());
            tokenWasCached = TokenOrigin.wasCached();
        } catch (IOException e) {
            LOG.log(Level.INFO, () -> protocol + " login to " + host + " failed: XOAUTH2: " + e.getMessage());
            throw new AuthenticationFailedException("XOAUTH2: " + e.getMessage());
        }
        try {
            return connect.connect(token.value());
        } catch (AuthenticationFailedException e) {
            throw rejected(String.valueOf(e.getMessage()).strip());
        }
    }

    /** A store's connect and its check. */
    interface Attempt {
        void run() throws MessagingException;
    }

    /**
     * Runs {@code attempt}, and once more with a fresh token if the server rejected one that came from
     * the cache (revoked before it expired). Never more than once, and not for a freshly fetched token.
     */
    void withOneRetry(Attempt attempt) throws MessagingException {
        retryable = false;
        try {
            attempt.run();
        } catch (AuthenticationFailedException e) {
            if (!retryable) {
                throw e;
            }
            retryable = false;
            LOG.log(Level.INFO, () -> protocol + ": the server rejected a cached token; logging in once more with a fresh one");
            attempt.run();
        }
    }

    /**
     * After {@code connect}: JavaMail takes the server's {@code + <reason>} challenge for {@code +OK}, so
     * a rejected token shows only at the next command. Ask now, so that connect fails, not Folder.open.
     */
    void verifyConnected() throws MessagingException {
        if (token != null && !store.isConnected()) {
            throw rejected("the server ended the session after AUTH XOAUTH2");
        }
    }

    private AuthenticationFailedException rejected(String serverSaid) {
        TokenRejection rejection = new TokenRejection("XOAUTH2", serverSaid, null, null, null);
        LOG.log(Level.INFO, () -> protocol + " server " + request.host() + " refused the login of " + request.user()
                + ". " + rejection.describe());
        source.rejected(request, token, rejection);
        token = null;
        retryable = tokenWasCached;
        return new AuthenticationFailedException(rejection.describe());
    }

    /** Before a folder opens its own connection: a current token as the store's password. */
    void renewPassword() {
        if (token == null || PASSWORD == null) {
            return;
        }
        try {
            token = source.token(request, connectPassword == null ? null : connectPassword.toCharArray());
            PASSWORD.set(store, token.value());
        } catch (IOException | IllegalAccessException e) {
            LOG.log(Level.WARNING, "could not renew the POP3 token of " + request.user() + " before opening a folder: "
                    + e.getMessage());
        }
    }

    private static Field passwordField() {
        try {
            Field field = POP3Store.class.getDeclaredField("passwd");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "this JavaMail version keeps the POP3 password elsewhere: folders opened after the"
                    + " first token expires will fail; reconnect the store instead (" + e + ")");
            return null;
        }
    }
}
