package io.github.mailoauth2.spring.boot;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Spring Boot 4.0's health indicator ({@code spring-boot-health}) over {@link TokenHealth}. */
final class Boot4HealthIndicator implements HealthIndicator {
    private final TokenHealth tokens;

    Boot4HealthIndicator(TokenHealth tokens) {
        this.tokens = tokens;
    }

    @Override
    public Health health() {
        return Health.status(tokens.status().name()).withDetails(tokens.details()).build();
    }
}
