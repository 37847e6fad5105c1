package io.github.mailoauth2.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An OAuth2 access token and, when known, the instant it expires.
 *
 * <p>{@link #toString()} never shows the token itself, so an {@code AccessToken} can be logged or
 * put into an exception message safely; call {@link #value()} only to put the token on the wire.
 */
public final class AccessToken {
    private final String value;
    private final Instant expiresAt;

    /**
     * @param value the bearer token, as the token endpoint returned it; not blank
     * @param expiresAt when the token stops being valid, or {@code null} if unknown
     * @throws IllegalArgumentException if {@code value} is blank
     */
    public AccessToken(String value, Instant expiresAt) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("an access token must not be blank");
        }
        this.value = value;
        this.expiresAt = expiresAt;
    }

    /**
     * The token to send to the server. Never log it.
     *
     * @return the bearer token, as the token endpoint issued it
     */
    public String value() {
        return value;
    }

    /**
     * When the token expires, if the source knows: what refresh-ahead and the token cache go by.
     *
     * @return the expiry instant, or empty if the token endpoint did not say
     */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** Shows the expiry and the token's length, never the token. */
    @Override
    public String toString() {
        return "AccessToken[" + value.length() + " chars, expires "
                + (expiresAt == null ? "unknown" : expiresAt.toString()) + "]";
    }
}
