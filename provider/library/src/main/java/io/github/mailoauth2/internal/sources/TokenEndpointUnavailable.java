package io.github.mailoauth2.internal.sources;

import java.io.IOException;
import java.time.Duration;

/**
 * The token endpoint could not be reached or kept failing (network errors, timeouts, 5xx, 408, 429)
 * until the timeout ran out. It may come back: the next fetch tries again, though not before
 * {@link #retryAfter} if the server said when.
 */
final class TokenEndpointUnavailable extends IOException {
    private static final long serialVersionUID = 1L;

    /** How long after the failure the server asked us to wait ({@code Retry-After}), or {@code null}. */
    final Duration retryAfter;

    TokenEndpointUnavailable(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }
}
