package io.github.mailoauth2.internal.sasl;

import io.github.mailoauth2.token.TokenRejection;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The connection attempt now authenticating on this thread: it tells the SASL clients the real
 * server port (which {@code Sasl.createSaslClient} does not pass) and keeps what went wrong (the
 * server's reason when it rejected a token, or why no token could be had), so that the JavaMail
 * integration can put it into the {@code AuthenticationFailedException} it throws: the mail
 * libraries report only "SASL authentication failed" or "failed to connect".
 *
 * <p>For the JavaMail integration in this library; applications do not need it.
 * <pre>{@code
 * try (LoginAttempt attempt = LoginAttempt.begin("imap", host, port)) {
 *     connected = super.protocolConnect(host, port, user, password);
 *     attempt.problem().ifPresent(...);
 * }
 * }</pre>
 */
public final class LoginAttempt implements AutoCloseable {
    private static final ThreadLocal<LoginAttempt> CURRENT = new ThreadLocal<>();

    private final String protocol;
    private final String host;
    private final int port;
    private final LoginAttempt outer;
    private TokenRejection rejection;
    private String problem;
    private BooleanSupplier encrypted;
    private Consumer<String> spendToken;
    private LoginReport report;

    private LoginAttempt(String protocol, String host, int port, LoginAttempt outer) {
        this.protocol = protocol;
        this.host = host;
        this.port = port;
        this.outer = outer;
    }

    /**
     * Starts an attempt on this thread.
     *
     * @param protocol the JavaMail protocol, e.g. {@code imaps}
     * @param host the host being connected to
     * @param port the port being connected to, or -1 if the mail library will pick its default
     * @return the attempt, to be closed when the connect call returns
     */
    public static LoginAttempt begin(String protocol, String host, int port) {
        LoginAttempt attempt = new LoginAttempt(protocol, host, port, CURRENT.get());
        CURRENT.set(attempt);
        return attempt;
    }

    /** The attempt running on this thread, if any. */
    public static Optional<LoginAttempt> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The JavaMail protocol of this attempt. */
    public String protocol() {
        return protocol;
    }

    /** The host this attempt connects to. */
    public String host() {
        return host;
    }

    /** The port this attempt connects to, or -1 for the protocol's default. */
    public int port() {
        return port;
    }

    /**
     * Tells the SASL clients how to learn whether the connection is encrypted when they are about to
     * send a token: the adapter knows its connection (TLS from the start, or after STARTTLS).
     */
    public void encryptedWhen(BooleanSupplier encrypted) {
        this.encrypted = encrypted;
    }

    /** Whether the connection is encrypted, if the adapter said how to tell. */
    Optional<Boolean> encrypted() {
        return encrypted == null ? Optional.empty() : Optional.of(encrypted.getAsBoolean());
    }

    /** The adapter refused the login itself, e.g. because the connection is not encrypted. */
    public void refuse(String reason) {
        problem = reason;
    }

    void reject(TokenRejection reason) {
        rejection = reason;
        problem = reason.describe();
    }

    /** The login failed for {@code reason}, e.g. that of a login nested in this one (a pooled IMAP connection's). */
    public void fail(String reason) {
        problem = reason;
    }

    /** The login is tried once more: what went wrong the first time no longer counts. */
    public void retrying() {
        rejection = null;
        problem = null;
    }

    /** A SASL client sent a token: {@code spend} tells its source that the server no longer takes it. */
    void tokenSent(Consumer<String> spend) {
        spendToken = spend;
    }

    /**
     * What marks the token this attempt sent as spent, given the server's words: for a session the server
     * ends later because the token expired ({@code * BYE ... AccessTokenExpired}), so that the reconnect
     * fetches a fresh token at once instead of having the cached one rejected first.
     */
    public Optional<Consumer<String>> sentToken() {
        return Optional.ofNullable(spendToken);
    }

    /** A SASL client's exchange runs in this attempt: {@link #ended} reports it. */
    void report(LoginReport exchange) {
        report = exchange;
    }

    /**
     * The exchange that ran in this attempt, if any, ended: reports its outcome unless a failure or rejection already
     * has (see {@link LoginReport#ended}).
     */
    public void ended(boolean succeeded, boolean refused, String serverSaid) {
        if (report != null) {
            report.ended(succeeded, refused, serverSaid);
        }
    }

    /** The server's reason, if it rejected a token during this attempt. */
    public Optional<TokenRejection> rejection() {
        return Optional.ofNullable(rejection);
    }

    /** What went wrong, in one message: the rejection described, or why no token could be had. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public void close() {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }
}
