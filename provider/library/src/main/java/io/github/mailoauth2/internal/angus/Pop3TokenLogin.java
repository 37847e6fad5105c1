package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.internal.IssuedToken;
import io.github.mailoauth2.internal.runtime.LibraryRuntime;
import io.github.mailoauth2.internal.sasl.Encryption;
import io.github.mailoauth2.internal.sasl.LoginReport;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRejection;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.util.Map;
import org.eclipse.angus.mail.pop3.POP3Store;

/**
 * The token side of one POP3 store. POP3 has no SASL path in JavaMail, only its built-in XOAUTH2
 * that sends the connect password as the token. So, when {@code mail.pop3.auth.mechanisms} asks for
 * XOAUTH2, the store asks the configured token source for a token on every connection and hands it
 * to JavaMail as the password: at {@code connect}, and before each {@code Folder.open}, which opens a
 * new connection. Each of those logins gets the same treatment: the TLS gate, one retry of a rejected
 * cached token, and the server's reason in an {@link AuthenticationFailedException}.
 */
final class Pop3TokenLogin {
    private static final System.Logger LOG = System.getLogger("io.github.mailoauth2.internal.sasl");
    /** JavaMail keeps the password for the connections {@code Folder.open} makes; it has no setter. */
    private static final Field PASSWORD = field("passwd", "folders opened after the first token expires will fail;"
            + " reconnect the store instead");
    /** Set when STARTTLS is enabled but not required: then the token goes only over a connection that did STLS. */
    private static final Field STARTTLS_REQUIRED = field("requireStartTLS", "with mail.pop3.starttls.enable alone,"
            + " the token is refused unless plaintext is allowed; set mail.pop3.starttls.required=true");
    /** JavaMail's text when a connection that must do STLS could not. */
    private static final String STLS_FAILED = "STLS required but";

    /** The superclass's {@code protocolConnect}, given the password to use. */
    interface Connect {
        boolean connect(String password) throws MessagingException;
    }

    private final POP3Store store;
    private final Session session;
    private final String protocol;
    private TokenSource source;
    /** The outcome of the login now running with a token. */
    private LoginReport report;
    /** Set while this store logs in with tokens: its folders' connections do too. */
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
        request = null;
        report = null;
        Map<String, ?> props = Logins.properties(session);
        if (!Encryption.wanted(protocol, props) || user == null) {
            return withoutToken(password, connect);
        }
        requireXoauth2Only(props);
        // JavaMail resolves -1 itself, later: the token request and the messages name the real port
        Object configuredPort = props.get("mail." + protocol + ".port");
        int realPort = port != -1 ? port : protocol.endsWith("s") ? 995 : 110;
        if (port == -1 && configuredPort != null) {
            try {
                realPort = Integer.parseInt(configuredPort.toString().strip());
            } catch (NumberFormatException e) {
                // JavaMail falls back to its default port too
            }
        }
        requireTls(host, realPort, props);
        request = new TokenRequest(user, protocol, host, realPort);
        // JavaMail keeps it too (as a String): the source may need it again when a folder reconnects
        connectPassword = password;
        fetchToken();
        return login(connect);
    }

    /**
     * POP3 negotiates STARTTLS and sends the token in one call, on every connection it makes. Where the settings
     * guarantee TLS, or plaintext is allowed, nothing to do; where STARTTLS is enabled but not required, the store is
     * made to require it, so that each connection (the store's and every folder's) that did not do STLS ends before
     * the token is sent; otherwise no connection may carry it.
     */
    private void requireTls(String host, int port, Map<String, ?> props) throws MessagingException {
        try {
            if (Encryption.permits(Encryption.guaranteed(protocol, props), protocol, host, props)) {
                return;
            }
        } catch (IOException e) {
            throw new AuthenticationFailedException("XOAUTH2: " + e.getMessage());
        }
        if (STARTTLS_REQUIRED != null && "true".equals(String.valueOf(props.get("mail." + protocol + ".starttls.enable")))) {
            try {
                STARTTLS_REQUIRED.setBoolean(store, true);
                return;
            } catch (IllegalAccessException e) {
                // refused below
            }
        }
        throw new AuthenticationFailedException(Encryption.refusal("XOAUTH2", protocol, host, port));
    }

    private void fetchToken() throws AuthenticationFailedException {
        report = new LoginReport(protocol, "XOAUTH2", Logins.properties(session));
        report.account(request.user());
        try {
            source = LibraryRuntime.tokenSource(protocol, Logins.properties(session));
            IssuedToken issued = IssuedToken.of(source, request, connectPassword == null ? null : connectPassword.toCharArray());
            token = issued.token();
            tokenWasCached = issued.cached();
        } catch (IOException e) {
            LOG.log(Level.INFO, () -> protocol + " login to " + request.host() + " failed: XOAUTH2: " + e.getMessage());
            report.failed("XOAUTH2: " + e.getMessage());
            throw new AuthenticationFailedException("XOAUTH2: " + e.getMessage());
        }
    }

    /** A login with the connect password; if it fails while a token source is configured, the failure says which key asks for a token. */
    private boolean withoutToken(String password, Connect connect) throws MessagingException {
        try {
            return connect.connect(password);
        } catch (AuthenticationFailedException e) {
            throw Logins.withUnasked(session, protocol, e);
        }
    }

    /**
     * JavaMail's POP3 logs in with the first of {@code auth.mechanisms} that the server offers, with the password this
     * store hands it, the token: any mechanism but XOAUTH2 would send the token as a password. Refused before connecting.
     */
    private void requireXoauth2Only(Map<String, ?> props) throws AuthenticationFailedException {
        String key = "mail." + protocol + ".auth.mechanisms";
        String mechanisms = String.valueOf(props.get(key)).strip();
        if (!mechanisms.equalsIgnoreCase("XOAUTH2")) {
            String why = "XOAUTH2: " + key + " is \"" + mechanisms + "\": POP3 logs in with the first of them that the server"
                    + " offers, and any but XOAUTH2 would send the access token as a password, so none was sent. Set " + key
                    + "=XOAUTH2";
            LOG.log(Level.WARNING, () -> "mail-oauth2: " + why);
            throw new AuthenticationFailedException("failed to connect [" + why + "]");
        }
    }

    /** One login with the current token: a connection that could not do STLS is a TLS refusal, not a rejected token. */
    private boolean login(Connect attempt) throws MessagingException {
        try {
            report.tokenSent(token.value());
            return attempt.connect(token.value());
        } catch (AuthenticationFailedException e) {
            String said = String.valueOf(e.getMessage()).strip();
            if (said.startsWith(STLS_FAILED)) {
                AuthenticationFailedException refusal = new AuthenticationFailedException(Encryption.refusal("XOAUTH2",
                        protocol, request.host(), request.port()) + " (the server: " + said + ")");
                report.failed(refusal.getMessage());
                throw refusal;
            }
            throw rejected(said);
        }
    }

    /** A folder's open, which makes its own connection: the same login as the store's, retried once likewise. */
    void open(Attempt open) throws MessagingException {
        if (request == null) {
            open.run();
            return;
        }
        withOneRetry(() -> {
            fetchToken();
            if (PASSWORD == null) {
                open.run();
                return;
            }
            try {
                PASSWORD.set(store, token.value());
            } catch (IllegalAccessException e) {
                throw new AuthenticationFailedException("XOAUTH2: " + e);
            }
            login(password -> {
                try {
                    open.run();
                } catch (AuthenticationFailedException e) {
                    throw e;
                } catch (MessagingException e) {
                    String said = loginFailure(e.getNextException());
                    if (said != null) {
                        throw new AuthenticationFailedException(said);
                    }
                    throw e;
                }
                return true;
            });
        });
    }

    /**
     * What the server said, if {@code Folder.open} failed ("Open failed") at its login. JavaMail takes the server's
     * {@code + <reason>} challenge after AUTH XOAUTH2 for success, so a rejected token shows at the first command after
     * it (STAT), or as the connection the server closed; other failures are not a login's.
     */
    private static String loginFailure(Exception cause) {
        if (cause instanceof EOFException) {
            return String.valueOf(cause.getMessage());
        }
        String stat = "STAT command failed: ";
        if (cause instanceof IOException && String.valueOf(cause.getMessage()).startsWith(stat)) {
            return cause.getMessage().substring(stat.length());
        }
        return null;
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
        RetryOnce.run(protocol, mayRetry -> {
            reported(attempt);
            return null;
        }, e -> e instanceof AuthenticationFailedException && retryable, () -> retryable = false);
    }

    /** Runs one login and reports its outcome, unless it sent no token or reported already (a rejection, say). */
    private void reported(Attempt attempt) throws MessagingException {
        try {
            attempt.run();
        } catch (MessagingException e) {
            if (report != null) {
                report.ended(false, e instanceof AuthenticationFailedException, e.getMessage());
            }
            throw e;
        }
        if (report != null) {
            report.ended(true, false, null);
        }
    }

    /**
     * After {@code connect}: JavaMail takes the server's {@code + <reason>} challenge for {@code +OK}, so
     * a rejected token shows only at the next command. Ask now, so that connect fails, not Folder.open.
     */
    void verifyConnected() throws MessagingException {
        if (token != null && !store.isConnected()) {
            // the store keeps the ended connection, and a retry's connect would "log in" on it again: drop it
            store.close();
            throw rejected("the server ended the session after AUTH XOAUTH2");
        }
    }

    private AuthenticationFailedException rejected(String serverSaid) {
        TokenRejection rejection = new TokenRejection("XOAUTH2", serverSaid, null, null, null);
        LOG.log(Level.INFO, () -> protocol + " server " + request.host() + " refused the login of " + request.user()
                + ". " + rejection.describe());
        source.rejected(request, token, rejection);
        report.rejected(rejection.describe());
        token = null;
        retryable = tokenWasCached;
        return new AuthenticationFailedException(rejection.describe());
    }

    private static Field field(String name, String consequence) {
        try {
            Field field = POP3Store.class.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "this JavaMail version has no POP3Store." + name + ": " + consequence + " (" + e + ")");
            return null;
        }
    }
}
