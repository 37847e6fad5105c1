package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.internal.TokenOrigin;
import io.github.mailoauth2.internal.sasl.Encryption;
import io.github.mailoauth2.internal.sasl.LoginAttempt;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;

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
    static boolean connect(int port, Connect connect) throws MessagingException {
        TokenOrigin.reset();
        try {
            return attempt(port, connect, true);
        } catch (RejectedCachedToken e) {
            LOG.log(Level.INFO, () -> "the server rejected a cached token (" + e.getMessage()
                    + "); logging in once more with a fresh one");
            TokenOrigin.reset();
            return attempt(port, connect, false);
        }
    }

    private static boolean attempt(int port, Connect connect, boolean mayRetry) throws MessagingException {
        try (LoginAttempt attempt = LoginAttempt.begin(port)) {
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
     * Called after TLS was or was not negotiated, before any authentication command.
     *
     * @return why the login must not go on, or {@code null} if it may
     */
    static String beforeAuthentication(Session session, String protocol, boolean encrypted, String host, int port) {
        LoginAttempt.current().ifPresent(attempt -> attempt.encryptedWhen(() -> encrypted));
        Map<String, ?> props = properties(session);
        if (encrypted || !Encryption.wanted(protocol, props)) {
            return null;
        }
        String refusal;
        try {
            if (Encryption.permits(false, protocol, host, props)) {
                return null;
            }
            refusal = Encryption.refusal("mail-oauth2", protocol, host, port);
        } catch (IOException e) {
            refusal = "mail-oauth2: " + e.getMessage();
        }
        String reason = refusal;
        LoginAttempt.current().ifPresent(attempt -> attempt.refuse(reason));
        return reason;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Map<String, ?> properties(Session session) {
        return (Map) session.getProperties();
    }
}
