package io.github.mailoauth2.token;

import java.time.Instant;
import java.util.Objects;

/**
 * One login with a bearer token (XOAUTH2 or OAUTHBEARER) and how it ended, for operations: a
 * {@link TokenEventListener#onLogin} turns it into a metric or an alert. Each attempt is one event: a
 * login retried with a fresh token after the server rejected a cached one is two (a {@link Outcome#REJECTED}
 * and then the retry's). No event carries a token or a secret.
 *
 * @param protocol the JavaMail protocol, e.g. {@code imaps} or {@code smtp}
 * @param mechanism the SASL mechanism, {@code XOAUTH2} or {@code OAUTHBEARER}
 * @param outcome how the login ended
 * @param account the user name the login was for (usually the mailbox address), or {@code null} if the
 *        application gave none
 * @param source the token source's name, e.g. {@code refresh-token}, or the name given to
 *        {@code MailOAuth2.useTokenSource}
 * @param time when the login ended
 * @param detail for {@link Outcome#REJECTED} and {@link Outcome#FAILED}, why: the server's reason (cleaned of
 *        anything secret, as in {@link TokenEvent}) or why no token could be had; {@code null} for
 *        {@link Outcome#SUCCEEDED}
 */
public record LoginEvent(String protocol, String mechanism, Outcome outcome, String account, String source,
                         Instant time, String detail) {

    /** How a login ended. */
    public enum Outcome {
        /** The server accepted the token. */
        SUCCEEDED,
        /** The server refused the token (revoked, expired, lacking a scope, for another mailbox). */
        REJECTED,
        /** No token could be had (the token source failed, or the connection may not carry one), or the connection failed. */
        FAILED
    }

    /**
     * An event.
     *
     * @param protocol the JavaMail protocol
     * @param mechanism the SASL mechanism
     * @param outcome how the login ended
     * @param account the user name, or {@code null}
     * @param source the token source's name
     * @param time when the login ended
     * @param detail why, or {@code null}
     * @throws NullPointerException if {@code protocol}, {@code mechanism}, {@code outcome}, {@code source} or
     *         {@code time} is {@code null}
     */
    public LoginEvent {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
    }
}
