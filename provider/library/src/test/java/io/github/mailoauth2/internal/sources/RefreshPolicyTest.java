package io.github.mailoauth2.internal.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefreshPolicyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private final RefreshPolicy policy = new RefreshPolicy(Duration.ofSeconds(300), Duration.ofSeconds(30));

    @Test
    void anHourLongTokenIsDueTheMarginBeforeItExpires() {
        assertThat(policy.refreshAt(T0, T0.plusSeconds(3600))).isEqualTo(T0.plusSeconds(3300));
    }

    @Test
    void aMarginLongerThanHalfTheLifetimeShrinksToHalfIt() {
        assertThat(policy.refreshAt(T0, T0.plusSeconds(60))).isEqualTo(T0.plusSeconds(30));
        assertThat(policy.refreshAt(T0, T0.plusSeconds(600))).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void aTokenOfUnknownOrPastExpiryIsDueAtOnce() {
        assertThat(policy.refreshAt(T0, null)).isEqualTo(T0);
        assertThat(policy.refreshAt(T0, T0)).isEqualTo(T0);
        assertThat(policy.refreshAt(T0, T0.minusSeconds(5))).isEqualTo(T0);
    }

    @Test
    void aZeroMarginRefreshesAtExpiry() {
        assertThat(new RefreshPolicy(Duration.ZERO, Duration.ofSeconds(30)).refreshAt(T0, T0.plusSeconds(60))).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void afterAFailureCallersWaitFiveSecondsOrTheServersRetryAfterButNeverLongerThanTheTimeout() {
        assertThat(policy.backoffAfterFailure(null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoffAfterFailure(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoffAfterFailure(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.backoffAfterFailure(Duration.ofDays(1))).isEqualTo(Duration.ofSeconds(30));
        assertThat(new RefreshPolicy(Duration.ZERO, Duration.ofSeconds(3)).backoffAfterFailure(null)).isEqualTo(Duration.ofSeconds(3));
    }
}
