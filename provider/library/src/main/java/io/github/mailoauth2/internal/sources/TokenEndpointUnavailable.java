package io.github.mailoauth2.internal.sources;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The token endpoint could not be reached or kept failing (network errors, timeouts, 5xx, 408, 429)
 * until the timeout ran out. It may come back: the next fetch tries again, though not before
 * {@link #retryAfter} if the server said when. Or a process sharing the token store saw it fail, and all
 * leave it alone {@link #until} a time recorded in the store ({@link SharedBackoff}).
 */
final class TokenEndpointUnavailable extends IOException {
    private static final long serialVersionUID = 1L;

    /** How long after the failure the server asked us to wait ({@code Retry-After}), or {@code null}. */
    final Duration retryAfter;
    /** What failed, e.g. {@code HTTP 503} or {@code ConnectException: Connection refused}: cleaned, no secret. */
    final String failure;
    /** Until when the back-off recorded in the store lasts, or {@code null} if this process saw the failure itself. */
    final Instant until;

    TokenEndpointUnavailable(String message, Duration retryAfter, String failure, Throwable cause) {
        this(message, retryAfter, failure, null, cause);
    }

    private TokenEndpointUnavailable(String message, Duration retryAfter, String failure, Instant until, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
        this.failure = failure;
        this.until = until;
    }

    /** A back-off recorded in the store, until {@code until}: nothing was sent. */
    static TokenEndpointUnavailable recorded(String message, String failure, Instant until) {
        return new TokenEndpointUnavailable(message, null, failure, until, null);
    }
}
