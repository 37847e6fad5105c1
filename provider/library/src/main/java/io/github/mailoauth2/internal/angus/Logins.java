package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.internal.TokenOrigin;
import io.github.mailoauth2.internal.javamail.Adapters;
import io.github.mailoauth2.internal.javamail.DebugRedaction;
import io.github.mailoauth2.internal.sasl.Encryption;
import io.github.mailoauth2.internal.sasl.LoginAttempt;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.util.MailLogger;

/**
 * Runs a store's or transport's connect inside a {@link LoginAttempt}, and when the token was
 * rejected or could not be had, says why in the {@link AuthenticationFailedException}: JavaMail reports only the server's
 * last line on IMAP and a bare "failed to connect" on SMTP. Also the gate between STARTTLS and the
 * first authentication command: a session that asks for a bearer-token mechanism gets no login at
 * all over a connection without TLS, so that no fallback (LOGIN, PLAIN, JavaMail's own XOAUTH2) can
 * send a token given as the password either.
 */
final class Logins {
    /** The superclass's {@code protocolConnect}. */
    interface Connect {
        boolean connect() throws MessagingException;
    }

    private static final System.Logger LOG = System.getLogger(Logins.class.getName());

    private Logins() {
    }

    /**
     * The superclass's connect, once more with a fresh token if the server rejected one that came
     * from the cache (revoked before it expired): the application never sees that failure. Never
     * more than once, and not when the rejected token was fetched for this login.
     */
    static boolean connect(String protocol, String host, int port, Connect connect) throws MessagingException {
        TokenOrigin.reset();
        try {
            return attempt(protocol, host, port, connect, true);
        } catch (RejectedCachedToken e) {
            LOG.log(Level.INFO, () -> "the server rejected a cached token (" + e.getMessage()
                    + "); logging in once more with a fresh one");
            TokenOrigin.reset();
            return attempt(protocol, host, port, connect, false);
        }
    }

    private static boolean attempt(String protocol, String host, int port, Connect connect, boolean mayRetry)
            throws MessagingException {
        try (LoginAttempt attempt = LoginAttempt.begin(protocol, host, port)) {
            boolean connected;
            try {
                connected = connect.connect();
            } catch (MessagingException e) {
                String problem = attempt.problem().orElse(null);
                if (problem == null || !(e instanceof AuthenticationFailedException) && attempt.rejection().isPresent()) {
                    throw e;
                }
                if (mayRetry && attempt.rejection().isPresent() && TokenOrigin.wasCached()) {
                    throw new RejectedCachedToken(problem);
                }
                throw new AuthenticationFailedException(e.getMessage() + " [" + problem + "]", e);
            }
            if (!connected && attempt.problem().isPresent()) {
                if (mayRetry && attempt.rejection().isPresent() && TokenOrigin.wasCached()) {
                    throw new RejectedCachedToken(attempt.problem().get());
                }
                throw new AuthenticationFailedException(attempt.problem().get());
            }
            return connected;
        }
    }

    /** The first attempt failed in a way a fresh token can fix. */
    private static final class RejectedCachedToken extends MessagingException {
        private static final long serialVersionUID = 1L;

        RejectedCachedToken(String problem) {
            super(problem);
        }
    }

    /**
     * What each adapter's constructor does: installs the SASL provider where JavaMail made the adapter
     * from a {@code javamail.providers} line, and makes the logger the mail library should use:
     * named after the mail library's own class (not the adapter's package), printing its
     * {@code mail.debug} output through {@link DebugRedaction}.
     */
    static MailLogger adapterLogger(Session session, Class<?> mailClass, String prefix) {
        Adapters.autoInstall();
        return new MailLogger(mailClass, prefix, session.getDebug(), DebugRedaction.wrap(session.getDebugOut()));
    }

    /** IMAP's gate, in {@code preLogin}: after STARTTLS, before AUTHENTICATE or LOGIN. */
    static void beforeLogin(Session session, IMAPProtocol p) throws ProtocolException {
        if (!mayAuthenticate(session, p.isSSL())) {
            throw new ProtocolException(LoginAttempt.current().flatMap(LoginAttempt::problem).orElse("no TLS"));
        }
    }

    /**
     * Called after TLS was or was not negotiated, before any authentication command of the login
     * running on this thread; records the refusal in its {@link LoginAttempt}.
     *
     * @return whether the login may go on
     */
    static boolean mayAuthenticate(Session session, boolean encrypted) {
        LoginAttempt attempt = LoginAttempt.current().orElse(null);
        if (attempt == null) {
            return true;
        }
        attempt.encryptedWhen(() -> encrypted);
        Map<String, ?> props = properties(session);
        if (encrypted || !Encryption.wanted(attempt.protocol(), props)) {
            return true;
        }
        try {
            if (Encryption.permits(false, attempt.protocol(), attempt.host(), props)) {
                return true;
            }
            attempt.refuse(Encryption.refusal("mail-oauth2", attempt.protocol(), attempt.host(), attempt.port()));
        } catch (IOException e) {
            attempt.refuse("mail-oauth2: " + e.getMessage());
        }
        return false;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Map<String, ?> properties(Session session) {
        return (Map) session.getProperties();
    }
}
