package io.github.mailoauth2.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.token.TokenEvent;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The token request timer: one timing per token request event, by outcome; none for events without a duration. */
class TokenMetricsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TokenMetrics metrics = new TokenMetrics(false, Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void stop() {
        metrics.destroy();
    }

    @Test
    void everyTokenRequestIsTimedUnderItsOutcome() {
        metrics.bindTo(registry);

        metrics.onEvent(event(TokenEvent.Type.REFRESHED, Duration.ofMillis(120)));
        metrics.onEvent(event(TokenEvent.Type.REFRESHED, Duration.ofMillis(80)));
        metrics.onEvent(event(TokenEvent.Type.REFRESHED, Duration.ofMillis(1000)));
        metrics.onEvent(event(TokenEvent.Type.REAUTHORIZATION_NEEDED, Duration.ofMillis(40)));
        metrics.onEvent(event(TokenEvent.Type.TOKEN_REJECTED, null));
        metrics.onEvent(new TokenEvent(TokenEvent.Type.REFRESHED, "alice@example.test", "refresh-token", NOW, null, null));

        Timer refreshed = registry.get("mail.oauth2.token.request.duration").tags("source", "refresh-token", "outcome", "refreshed").timer();
        assertThat(refreshed.count()).isEqualTo(3);
        assertThat(refreshed.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1200);
        assertThat(registry.get("mail.oauth2.token.request.duration").tags("outcome", "reauthorization_needed").timer().count())
                .isEqualTo(1);
        assertThat(registry.find("mail.oauth2.token.request.duration").timers()).hasSize(2);
        assertThat(registry.get("mail.oauth2.token.requests").tags("outcome", "refreshed").counter().count()).isEqualTo(4);
    }

    private static TokenEvent event(TokenEvent.Type type, Duration elapsed) {
        return new TokenEvent(type, "alice@example.test", "refresh-token", NOW, null, null, elapsed);
    }
}
