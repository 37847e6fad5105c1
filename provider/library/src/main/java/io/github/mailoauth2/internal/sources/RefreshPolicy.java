package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.time.Duration;
import java.time.Instant;

/**
 * When a token is due for refresh: {@code refresh-margin} (default 300 s) before it expires, but
 * never before half its lifetime has passed, so that short-lived tokens (a minute, say) are still
 * reused. A token of unknown expiry is due at once: guessing would send an expired token.
 *
 * <p>And when to ask again after a fetch failed: not for {@link #FAILURE_BACKOFF}, or the
 * {@code Retry-After} the server gave if longer, but never longer than the {@code timeout} a
 * fetch may take, so that a burst of connects costs one failing fetch, not one each.
 */
final class RefreshPolicy {
    static final Duration DEFAULT_MARGIN = Duration.ofSeconds(300);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);

    private final Duration margin;
    private final Duration timeout;

    RefreshPolicy(Duration margin, Duration timeout) {
        this.margin = margin;
        this.timeout = timeout;
    }

    static RefreshPolicy configured(OAuth2Config config) throws ConfigurationException {
        return new RefreshPolicy(config.seconds(OAuth2Properties.REFRESH_MARGIN, DEFAULT_MARGIN),
                config.seconds(OAuth2Properties.TIMEOUT, DEFAULT_TIMEOUT));
    }

    /**
     * @param issuedAt when the token was obtained
     * @param expiresAt when it expires, or {@code null} if unknown
     * @return the instant from which the token should be replaced
     */
    Instant refreshAt(Instant issuedAt, Instant expiresAt) {
        if (expiresAt == null || !expiresAt.isAfter(issuedAt)) {
            return issuedAt;
        }
        Duration halfLife = Duration.between(issuedAt, expiresAt).dividedBy(2);
        return expiresAt.minus(margin.compareTo(halfLife) < 0 ? margin : halfLife);
    }

    /** A token someone saved is reused until it is due ({@link #refreshAt}); one of unknown expiry is not. */
    boolean reusable(StoredAccount stored, Instant now) {
        return stored.accessToken() != null && stored.accessTokenExpiresAt() != null
                && now.isBefore(refreshAt(stored.updatedAt(), stored.accessTokenExpiresAt()));
    }

    /**
     * @param retryAfter how long the server asked us to wait, or {@code null}
     * @return how long after a failed fetch further callers fail at once with its error
     */
    Duration backoffAfterFailure(Duration retryAfter) {
        Duration backoff = retryAfter != null && retryAfter.compareTo(FAILURE_BACKOFF) > 0 ? retryAfter : FAILURE_BACKOFF;
        return backoff.compareTo(timeout) < 0 ? backoff : timeout;
    }
}
