package io.github.mailoauth2.internal.sources;

import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.json;
import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.testing.FakeTokenEndpoint;
import io.github.mailoauth2.token.TokenEvent;
import io.github.mailoauth2.token.TokenEventListener;
import io.github.mailoauth2.token.TokenRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token events through the registry: the sources' names, a refused refresh token, a listener that throws, durations. */
class TokenEventsTest {
    private static final TokenRequest ALICE = new TokenRequest("alice@example.test", "imaps", "imap.example.test", 993);

    @TempDir
    Path dir;
    private FakeTokenEndpoint server;
    private final List<TokenEvent> events = new CopyOnWriteArrayList<>();
    private final TokenEventListener throwing = event -> {
        throw new IllegalStateException("a broken listener");
    };
    private final TokenSourceRegistry registry = new TokenSourceRegistry(List.of(), List.of(throwing, events::add));

    @AfterEach
    void stop() {
        registry.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anAppTokenIsReportedWithItsSourceDespiteABrokenListener() throws Exception {
        server = FakeTokenEndpoint.always(token("at-1", 3600));

        assertThat(registry.forConnection("imaps", Map.of("mail.oauth2.source", "client-credentials", "mail.oauth2.token-url",
                server.url(), "mail.oauth2.client-id", "app", "mail.oauth2.client-secret", "s")).token(ALICE, null).value())
                .isEqualTo("at-1");

        assertThat(events).hasSize(1);
        assertThat(events.get(0).type()).isEqualTo(TokenEvent.Type.REFRESHED);
        assertThat(events.get(0).account()).isEqualTo("app:app");
        assertThat(events.get(0).source()).isEqualTo("client-credentials");
        assertThat(events.get(0).expiresAt()).isNotNull();
    }

    @Test
    void aRefusedRefreshTokenMeansReauthorization() throws Exception {
        server = FakeTokenEndpoint.always(json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token is not active\"}"));
        Map<String, String> config = Map.of("mail.oauth2.token-url", server.url(), "mail.oauth2.client-id", "app",
                "mail.oauth2.refresh-token", "rt-revoked", "mail.oauth2.store", dir.resolve("tokens.json").toString());

        assertThatThrownBy(() -> registry.forConnection("imaps", config).token(ALICE, null)).hasMessageContaining("Authorize again");

        assertThat(events).extracting(TokenEvent::type).containsExactly(TokenEvent.Type.REAUTHORIZATION_NEEDED);
        assertThat(events.get(0).source()).isEqualTo("refresh-token");
        assertThat(events.get(0).detail()).contains("invalid_grant (Token is not active)").doesNotContain("rt-revoked");
    }

    @Test
    void tokenRequestsAndTheirFailuresCarryHowLongTheyTook() throws Exception {
        Duration delay = Duration.ofMillis(300);
        server = new FakeTokenEndpoint(n -> n == 1 ? token("at-1", 3600).after(delay)
                : json(401, "{\"error\":\"invalid_client\"}").after(delay));

        registry.forConnection("imaps", appConfig("app")).token(ALICE, null);
        assertThatThrownBy(() -> registry.forConnection("imaps", appConfig("other")).token(ALICE, null)).isInstanceOf(Exception.class);

        assertThat(events).extracting(TokenEvent::type)
                .containsExactly(TokenEvent.Type.REFRESHED, TokenEvent.Type.REFRESH_FAILED_PERMANENT);
        // a lower bound only: the machine may be slow, never faster than the endpoint's answer
        assertThat(events).allSatisfy(event -> assertThat(event.elapsed()).isGreaterThanOrEqualTo(delay));
    }

    private Map<String, String> appConfig(String clientId) {
        return Map.of("mail.oauth2.source", "client-credentials", "mail.oauth2.token-url", server.url(),
                "mail.oauth2.client-id", clientId, "mail.oauth2.client-secret", "s");
    }
}
