package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.internal.javamail.AdapterStartup;
import io.github.mailoauth2.internal.javamail.DebugRedaction;
import io.github.mailoauth2.internal.sasl.Encryption;
import io.github.mailoauth2.internal.sasl.LoginAttempt;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.smtp.SMTPTransport;
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

    private Logins() {
    }

    /**
     * The superclass's connect, once more with a fresh token if the server rejected one that came
     * from the cache (revoked before it expired): the application never sees that failure. Never
     * more than once, and not when the rejected token was fetched for this login.
     */
    static boolean connect(Session session, String protocol, String host, int port, Connect connect) throws MessagingException {
        return RetryOnce.run(protocol, mayRetry -> attempt(session, protocol, host, port, connect, mayRetry),
                e -> e instanceof RejectedCachedToken, () -> { });
    }

    /**
     * The superclass's connect, with what went wrong put into the exception; no retry here: IMAP retries
     * on the connection itself ({@link ImapLogin}).
     */
    static boolean withReason(Session session, String protocol, String host, int port, Connect connect)
            throws MessagingException {
        return attempt(session, protocol, host, port, connect, false);
    }

    private static boolean attempt(Session session, String protocol, String host, int port, Connect connect,
                                   boolean mayRetry) throws MessagingException {
        try (LoginAttempt attempt = LoginAttempt.begin(protocol, host, port)) {
            boolean connected;
            try {
                connected = connect.connect();
                attempt.ended(connected, true, "failed to connect");
            } catch (MessagingException e) {
                attempt.ended(false, e instanceof AuthenticationFailedException, e.getMessage());
                String problem = attempt.problem().orElse(null);
                if (problem == null && e instanceof AuthenticationFailedException refused) {
                    throw withUnasked(session, protocol, refused);
                }
                if (problem == null || !(e instanceof AuthenticationFailedException) && attempt.rejection().isPresent()) {
                    throw e;
                }
                if (mayRetry && attempt.rejectedCachedToken()) {
                    throw new RejectedCachedToken(problem);
                }
                throw new AuthenticationFailedException(e.getMessage() + " [" + problem + "]", e);
            }
            if (!connected && attempt.problem().isPresent()) {
                if (mayRetry && attempt.rejectedCachedToken()) {
                    throw new RejectedCachedToken(attempt.problem().get());
                }
                throw new AuthenticationFailedException(attempt.problem().get());
            }
            String unasked = connected ? null : unasked(session, protocol);
            if (unasked != null) {
                throw new AuthenticationFailedException("failed to connect [" + unasked + "]");
            }
            return connected;
        }
    }

    /**
     * For a failed login that sent no token: why not, if a token source is configured but the session asks
     * JavaMail for no bearer-token mechanism (the usual slip: JavaMail's keys given as {@code -D} to a framework
     * that builds its session from its own properties). Else {@code null}.
     */
    private static String unasked(Session session, String protocol) {
        if (session == null || Encryption.wanted(protocol, properties(session)) || !tokenSourceConfigured(protocol, session)) {
            return null;
        }
        String keys = protocol.startsWith("pop3") ? "mail." + protocol + ".auth.mechanisms=XOAUTH2"
                : "mail." + protocol + ".sasl.enable=true and mail." + protocol + ".sasl.mechanisms=XOAUTH2";
        return "mail-oauth2: a token source is configured, but this session asks JavaMail for no XOAUTH2 or OAUTHBEARER"
                + " login on " + protocol + ", so no token was sent: set " + keys + " in the session's properties (with"
                + " Spring or Simple Java Mail, in its mail properties: -D does not reach them)";
    }

    /** A login's failure that sent no token, with why not ({@link #unasked}) where that is known; else {@code failure} itself. */
    static AuthenticationFailedException withUnasked(Session session, String protocol, AuthenticationFailedException failure) {
        String unasked = unasked(session, protocol);
        return unasked == null ? failure
                : new AuthenticationFailedException(String.valueOf(failure.getMessage()).strip() + " [" + unasked + "]", failure);
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
        AdapterStartup.autoInstall();
        return new MailLogger(mailClass, prefix, session.getDebug(), DebugRedaction.wrap(session.getDebugOut()));
    }

    /**
     * IMAP's gate, in {@code preLogin}: after STARTTLS, before AUTHENTICATE or LOGIN, on every
     * connection (the store makes only {@link OAuth2ImapProtocol}s).
     */
    static void beforeLogin(IMAPProtocol p) throws ProtocolException {
        if (!(p instanceof OAuth2ImapProtocol ours)) {
            return;
        }
        String refusal = refusal(ours.session(), ours.protocol(), ours.host(), ours.port(), ours.isSSL());
        if (refusal != null) {
            LoginAttempt.current().ifPresent(attempt -> attempt.refuse(refusal));
            throw new ProtocolException(refusal);
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
        String refusal = refusal(session, attempt.protocol(), attempt.host(), attempt.port(), encrypted);
        if (refusal == null) {
            return true;
        }
        attempt.refuse(refusal);
        return false;
    }

    /** Why a session that asks for a bearer-token mechanism may not log in over this connection, or {@code null}. */
    private static String refusal(Session session, String protocol, String host, int port, boolean encrypted) {
        Map<String, ?> props = properties(session);
        return encrypted || !Encryption.wanted(protocol, props) ? null
                : Encryption.refusal("mail-oauth2", false, protocol, host, port, props);
    }

    /**
     * Whether the session configures a token source for {@code protocol} ({@code mail.oauth2.*} or
     * {@code mail.<protocol>.oauth2.*} keys, in the session, the system properties or the environment):
     * then JavaMail's own XOAUTH2, which sends the connect password as the token, gives way to ours.
     */
    static boolean tokenSourceConfigured(String protocol, Session session) {
        OAuth2Config config = OAuth2Config.of(protocol, properties(session));
        return !config.keysSet().isEmpty() || config.get(OAuth2Properties.SOURCE).isPresent()
                || config.get(OAuth2Properties.PRESET).isPresent()
                || config.get(OAuth2Properties.PROVIDER).isPresent() || config.get(OAuth2Properties.TOKEN_URL).isPresent();
    }

    /**
     * SMTP's side of {@link #tokenSourceConfigured}: with {@code mail.smtp.auth.mechanisms=XOAUTH2} and no
     * {@code sasl.enable}, the transport logs in through SASL with that mechanism, so our client serves it.
     */
    static void saslForOwnXoauth2(SMTPTransport transport, String protocol, Session session) {
        Map<String, ?> props = properties(session);
        String mechanisms = session.getProperty("mail." + protocol + ".auth.mechanisms");
        if (transport.getSASLEnabled() || mechanisms == null || !Encryption.wanted(protocol, props)
                || !tokenSourceConfigured(protocol, session)) {
            return;
        }
        transport.setSASLEnabled(true);
        transport.setSASLMechanisms(Arrays.stream(mechanisms.toUpperCase(Locale.ROOT).split("[\\s,]+"))
                .filter(m -> m.equals("XOAUTH2") || m.equals("OAUTHBEARER")).toArray(String[]::new));
    }

    /** Whether the application chose its own folder class ({@code mail.<protocol>.folder.class}): then it is left alone. */
    static boolean ownFolderClass(Session session, String protocol) {
        return session.getProperty("mail." + protocol + ".folder.class") != null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Map<String, ?> properties(Session session) {
        return (Map) session.getProperties();
    }
}
