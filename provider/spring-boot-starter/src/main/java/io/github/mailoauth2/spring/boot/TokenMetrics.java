package io.github.mailoauth2.spring.boot;

import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.token.LoginEvent;
import io.github.mailoauth2.token.TokenEvent;
import io.github.mailoauth2.token.TokenEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.DisposableBean;

/**
 * Micrometer meters from the library's token events: {@code mail.oauth2.token.requests} (tags {@code source},
 * {@code outcome}), the timer {@code mail.oauth2.token.request.duration} (how long each token request took, same
 * tags), {@code mail.oauth2.token.rejections} (tokens a mail server refused, tag {@code source}), the
 * gauge {@code mail.oauth2.token.expiry} (seconds until the current token expires, tag {@code source}) and
 * {@code mail.oauth2.logins} (tags {@code protocol}, {@code mechanism}, {@code outcome}, {@code source}). Tags stay
 * low-cardinality: an {@code account} tag is added only with {@code mail.oauth2.metrics.account-tag=true}.
 */
final class TokenMetrics implements MeterBinder, TokenEventListener, DisposableBean {
    private final boolean accountTag;
    private final Clock clock;
    private final Map<Tags, AtomicReference<Instant>> expiries = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    TokenMetrics(boolean accountTag, Clock clock) {
        this.accountTag = accountTag;
        this.clock = clock;
        MailOAuth2.addTokenEventListener(this);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onEvent(TokenEvent event) {
        MeterRegistry meters = registry;
        if (meters == null) {
            return;
        }
        Tags tags = Tags.of("source", event.source());
        if (accountTag) {
            tags = tags.and("account", event.account());
        }
        if (event.type() == TokenEvent.Type.TOKEN_REJECTED) {
            Counter.builder("mail.oauth2.token.rejections").description("Tokens a mail server rejected before they expired")
                    .tags(tags).register(meters).increment();
            return;
        }
        Tags outcome = tags.and("outcome", event.type().name().toLowerCase(Locale.ROOT));
        Counter.builder("mail.oauth2.token.requests").description("Token requests at the token endpoint, by outcome")
                .tags(outcome).register(meters).increment();
        if (event.elapsed() != null) {
            Timer.builder("mail.oauth2.token.request.duration").description("How long token requests (and refreshes) took, by outcome")
                    .tags(outcome).register(meters).record(event.elapsed());
        }
        if (event.type() == TokenEvent.Type.REFRESHED && event.expiresAt() != null) {
            expiries.computeIfAbsent(tags, t -> {
                AtomicReference<Instant> expiry = new AtomicReference<>();
                Gauge.builder("mail.oauth2.token.expiry", expiry, e -> secondsUntil(e.get()))
                        .description("Seconds until the current access token expires").baseUnit("seconds").tags(t).register(meters);
                return expiry;
            }).set(event.expiresAt());
        }
    }

    @Override
    public void onLogin(LoginEvent event) {
        MeterRegistry meters = registry;
        if (meters == null) {
            return;
        }
        Tags tags = Tags.of("protocol", event.protocol(), "mechanism", event.mechanism(),
                "outcome", event.outcome().name().toLowerCase(Locale.ROOT), "source", event.source());
        if (accountTag) {
            tags = tags.and("account", String.valueOf(event.account()));
        }
        Counter.builder("mail.oauth2.logins").description("Logins with a bearer token, by protocol, mechanism and outcome")
                .tags(tags).register(meters).increment();
    }

    private double secondsUntil(Instant expiresAt) {
        return expiresAt == null ? Double.NaN : Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis() / 1000.0);
    }

    @Override
    public void destroy() {
        MailOAuth2.removeTokenEventListener(this);
    }
}
