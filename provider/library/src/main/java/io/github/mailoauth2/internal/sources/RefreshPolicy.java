package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.time.Duration;
import java.time.Instant;

/**
 * When a token is due for refresh: {@code refresh-margin} (default 300 s) before it expires, but
 * never before half its lifetime has passed, so that short-lived tokens (a minute, say) are still
 * reused. A token of unknown expiry is due at once: guessing would send an expired token.
 */
final class RefreshPolicy {
    static final Duration DEFAULT_MARGIN = Duration.ofSeconds(300);

    private final Duration margin;

    RefreshPolicy(Duration margin) {
        this.margin = margin;
    }

    static RefreshPolicy configured(OAuth2Config config) throws ConfigurationException {
        return new RefreshPolicy(config.seconds(OAuth2Properties.REFRESH_MARGIN, DEFAULT_MARGIN));
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
}
