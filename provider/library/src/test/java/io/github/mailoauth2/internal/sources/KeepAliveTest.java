package io.github.mailoauth2.internal.sources;

import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.testing.FakeTokenEndpoint;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.TokenEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keep-alive}: the accounts of a refresh-token source that nothing refreshed for the given days are
 * refreshed by the registry's timer, the others left alone. The timer is replaced by a list of tasks the test runs.
 */
class KeepAliveTest {
    @TempDir
    Path dir;
    private FakeTokenEndpoint server;
    private final List<Runnable> tasks = new ArrayList<>();
    private final List<Duration> periods = new ArrayList<>();
    private final List<TokenEvent> events = new CopyOnWriteArrayList<>();
    private final RefreshTokenSourceFactory factory = new RefreshTokenSourceFactory(Runnable::run,
            new TokenEvents(List.of(events::add)), (period, task) -> {
                periods.add(period);
                tasks.add(task);
                return new java.util.concurrent.CompletableFuture<>(); // cancelled when a shorter period replaces it
            });

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Map<String, String> config(String keepAlive) {
        return Map.of("mail.oauth2.token-url", server.url(), "mail.oauth2.client-id", "app",
                "mail.oauth2.store", dir.resolve("tokens.json").toString(), "mail.oauth2.keep-alive", keepAlive);
    }

    private void seed(FileTokenStore store, String account, String refreshToken, String clientId, Duration age) throws Exception {
        Instant then = Instant.now().minus(age);
        store.compareAndSet(account, null, new StoredAccount(refreshToken, "old-access", then.plusSeconds(3600), null,
                server.url(), clientId, then));
    }

    /** A token endpoint that answers every refresh with {@code at-new} and {@code rt-rotated}; the store, empty. */
    private FileTokenStore rotatingServerAndStore() throws java.io.IOException {
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at-new\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                + "\"refresh_token\":\"rt-rotated\"}"));
        return new FileTokenStore(dir.resolve("tokens.json"));
    }

    @Test
    void accountsUnrefreshedForTheGivenDaysAreRefreshedWithoutAnyConnect() throws Exception {
        FileTokenStore store = rotatingServerAndStore();
        seed(store, "idle@example.test", "rt-idle", "app", Duration.ofDays(10));
        seed(store, "busy@example.test", "rt-busy", "app", Duration.ofDays(1));
        seed(store, "other-app@example.test", "rt-other", "another-app", Duration.ofDays(30));

        factory.create(OAuth2Config.of("imap", config("7")));
        assertThat(periods).containsExactly(Duration.ofHours(1));
        tasks.get(0).run();

        assertThat(server.requests()).isEqualTo(1);
        assertThat(server.bodies().get(0)).contains("grant_type=refresh_token", "refresh_token=rt-idle");
        StoredAccount idle = store.read("idle@example.test").orElseThrow();
        assertThat(idle.refreshToken()).isEqualTo("rt-rotated");
        assertThat(idle.accessToken()).isEqualTo("at-new");
        assertThat(store.read("busy@example.test").orElseThrow().refreshToken()).isEqualTo("rt-busy");
        assertThat(events).extracting(TokenEvent::type, TokenEvent::account)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TokenEvent.Type.REFRESHED, "idle@example.test"));

        tasks.get(0).run(); // just refreshed: nothing to do
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void aRefusedKeepAliveRefreshIsReportedForReauthorization() throws Exception {
        server = FakeTokenEndpoint.always(json(400, "{\"error\":\"invalid_grant\"}"));
        seed(new FileTokenStore(dir.resolve("tokens.json")), "gone@example.test", "rt-gone", "app", Duration.ofDays(89));

        factory.create(OAuth2Config.of("imap", config("30")));
        tasks.get(0).run();

        assertThat(events).extracting(TokenEvent::type).containsExactly(TokenEvent.Type.REAUTHORIZATION_NEEDED);
    }

    @Test
    void withoutKeepAliveNothingIsScheduledAndABadValueIsNamed() throws Exception {
        server = FakeTokenEndpoint.always(json(200, "{}"));
        factory.create(OAuth2Config.of("imap", Map.of("mail.oauth2.token-url", server.url(), "mail.oauth2.client-id", "app",
                "mail.oauth2.store", dir.resolve("tokens.json").toString())));
        assertThat(tasks).isEmpty();

        assertThatThrownBy(() -> factory.create(OAuth2Config.of("imap", config("0")))).isInstanceOf(ConfigurationException.class)
                .hasMessage("mail.imap.oauth2.keep-alive (or mail.oauth2.keep-alive, -Dmail.oauth2.keep-alive, $MAIL_OAUTH2_KEEP_ALIVE)"
                        + " must be a number of days, or a number with a unit s, m, h or d (e.g. 30, 12h, 90m), from 10s to 3650d;"
                        + " not \"0\"");
        for (String bad : new String[] {"9s", "3651", "-1", "7 days", "1w", "PT30S"}) {
            assertThatThrownBy(() -> factory.create(OAuth2Config.of("imap", config(bad)))).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("not \"" + bad + "\"");
        }
    }

    @Test
    void aShortIntervalIsCheckedAtATenthOfItSoAnAccountIsRefreshedAtMostATenthLate() throws Exception {
        server = FakeTokenEndpoint.always(json(200, "{}"));
        for (String value : new String[] {"30s", "90m", "12h", "7d", "7", "3650d"}) {
            Map<String, String> ownStore = new java.util.HashMap<>(config(value));
            ownStore.put("mail.oauth2.store", dir.resolve(value + ".json").toString());
            factory.create(OAuth2Config.of("imap", ownStore));
        }
        assertThat(periods).containsExactly(Duration.ofSeconds(3), Duration.ofMinutes(9), Duration.ofMinutes(60),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
        assertThat(KeepAlive.checkEvery(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSavedAccessTokenStillGoodDoesNotPassForAKeepAliveRefresh() throws Exception {
        FileTokenStore store = rotatingServerAndStore();
        // refreshed 40 s ago, its access token good for another hour: due for a 30 s keep-alive all the same
        seed(store, "idle@example.test", "rt-idle", "app", Duration.ofSeconds(40));

        factory.create(OAuth2Config.of("imap", config("30s")));
        tasks.get(0).run();

        assertThat(server.requests()).isEqualTo(1);
        assertThat(store.read("idle@example.test").orElseThrow().refreshToken()).isEqualTo("rt-rotated");
    }

    @Test
    void aRefreshTokenRefusedForGoodIsLeftAloneAndAnEntryChangedWithoutARefreshIsStillDue() throws Exception {
        FileTokenStore store = rotatingServerAndStore();
        Instant longAgo = Instant.now().minus(Duration.ofDays(10));
        Instant justNow = Instant.now();
        // refused for good: asking again cannot help, only authorizing again (which clears the refusal)
        store.compareAndSet("refused@example.test", null, new StoredAccount("rt-refused", null, null, null, server.url(), "app",
                justNow.minus(Duration.ofDays(9)), longAgo, longAgo, "invalid_grant (Token is not active)"));
        // last refreshed 10 days ago, the entry changed just now (a rejected access token dropped): still due
        store.compareAndSet("touched@example.test", null, new StoredAccount("rt-touched", null, null, null, server.url(), "app",
                justNow, longAgo, longAgo, null));

        factory.create(OAuth2Config.of("imap", config("7")));
        tasks.get(0).run();

        assertThat(server.requests()).isEqualTo(1);
        assertThat(server.bodies().get(0)).contains("refresh_token=rt-touched");
        assertThat(store.read("refused@example.test").orElseThrow().refreshToken()).isEqualTo("rt-refused");
        assertThat(store.read("touched@example.test").orElseThrow().lastRefreshAt()).isAfter(justNow.minusSeconds(1));
    }

    /** An IMAP and an SMTP configuration (or two clients) on one store share its rounds: the store is read once per round. */
    @Test
    void sourcesOfOneStoreShareItsRoundsAtTheShortestPeriod() throws Exception {
        FileTokenStore store = rotatingServerAndStore();
        seed(store, "idle@example.test", "rt-idle", "app", Duration.ofDays(10));
        seed(store, "other@example.test", "rt-other", "another-app", Duration.ofDays(10));
        Map<String, String> other = new java.util.HashMap<>(config("30s"));
        other.put("mail.oauth2.client-id", "another-app");

        factory.create(OAuth2Config.of("imap", config("7")));
        factory.create(OAuth2Config.of("smtp", other));

        assertThat(periods).containsExactly(Duration.ofHours(1), Duration.ofSeconds(3));
        tasks.get(1).run();
        assertThat(server.bodies()).hasSize(2).anySatisfy(body -> assertThat(body).contains("refresh_token=rt-idle"))
                .anySatisfy(body -> assertThat(body).contains("refresh_token=rt-other"));
    }
}
