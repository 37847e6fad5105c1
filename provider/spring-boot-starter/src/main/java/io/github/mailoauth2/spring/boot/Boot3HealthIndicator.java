package io.github.mailoauth2.spring.boot;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** Spring Boot 3.5's health indicator ({@code spring-boot-actuator}) over {@link TokenHealth}. */
final class Boot3HealthIndicator implements HealthIndicator {
    private final TokenHealth tokens;

    Boot3HealthIndicator(TokenHealth tokens) {
        this.tokens = tokens;
    }

    @Override
    public Health health() {
        return Health.status(tokens.status().name()).withDetails(tokens.details()).build();
    }
}
