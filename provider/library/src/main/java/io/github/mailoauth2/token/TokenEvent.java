package io.github.mailoauth2.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to an account's tokens, for operations: a {@link TokenEventListener} turns
 * it into a health status, a metric or an alert. No event carries a token or a secret.
 *
 * @param type what happened
 * @param account the account (the store entry, usually the mailbox address; {@code app:<client id>} for
 *        app-only tokens)
 * @param source the token source's name, e.g. {@code refresh-token}
 * @param time when it happened
 * @param detail why, for failures and rejections (the message the connect fails with); {@code null} otherwise
 * @param expiresAt for {@link Type#REFRESHED}, when the new token expires; {@code null} if unknown or another type
 * @param elapsed for {@link Type#REFRESHED}, {@link Type#REFRESH_FAILED_TRANSIENT}, {@link Type#REFRESH_FAILED_PERMANENT}
 *        and {@link Type#REAUTHORIZATION_NEEDED}, how long getting the token took (the request, and any wait for
 *        another process's request through a shared store); {@code null} for {@link Type#TOKEN_REJECTED} and
 *        where unknown
 */
public record TokenEvent(Type type, String account, String source, Instant time, String detail, Instant expiresAt,
                         Duration elapsed) {

    /** What happened. */
    public enum Type {
        /** A new access token was obtained (the first one, or a refresh). */
        REFRESHED,
        /** Getting a token failed in a way that may pass: the endpoint was unreachable, busy or failing (5xx, 429). */
        REFRESH_FAILED_TRANSIENT,
        /** Getting a token failed in a way that retrying will not change: the server refused, or the configuration is wrong. */
        REFRESH_FAILED_PERMANENT,
        /**
         * The refresh token was refused ({@code invalid_grant}: revoked, expired, unused too long) or is
         * missing: someone must authorize the account again. Until then every connect fails.
         */
        REAUTHORIZATION_NEEDED,
        /** A mail server rejected a token before it expired (revoked, or lacking a scope). */
        TOKEN_REJECTED
    }

    /**
     * An event.
     *
     * @param type what happened
     * @param account the account
     * @param source the token source's name
     * @param time when it happened
     * @param detail why, or {@code null}
     * @param expiresAt when the new token expires, or {@code null}
     * @param elapsed how long getting the token took, or {@code null}
     * @throws NullPointerException if {@code type}, {@code account}, {@code source} or {@code time} is {@code null}
     */
    public TokenEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
    }

    /**
     * An event without a duration, as before {@code elapsed} existed.
     *
     * @param type what happened
     * @param account the account
     * @param source the token source's name
     * @param time when it happened
     * @param detail why, or {@code null}
     * @param expiresAt when the new token expires, or {@code null}
     * @throws NullPointerException if {@code type}, {@code account}, {@code source} or {@code time} is {@code null}
     */
    public TokenEvent(Type type, String account, String source, Instant time, String detail, Instant expiresAt) {
        this(type, account, source, time, detail, expiresAt, null);
    }
}
