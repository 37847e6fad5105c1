package io.github.mailoauth2.it;

import static io.github.mailoauth2.it.ListeningApp.assertNoTokenIn;
import static io.github.mailoauth2.it.ListeningApp.await;
import static io.github.mailoauth2.it.ListeningApp.events;
import static io.github.mailoauth2.it.ListeningApp.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code keep-alive} against Keycloak ({@code mail-app}: 60 s access tokens, single-use rotating refresh tokens) in
 * an unmodified application that connects once and then sits idle: the accounts in its file store are refreshed by
 * keep-alive alone once they fall due, not before, and the refresh tokens it rotated still log in at the
 * Keycloak-checked Dovecot. Token requests are counted by a relay in front of Keycloak, outside the code under test.
 */
class KeepAliveIT extends KeycloakRelayFixture {
    private static final String ALICE = "alice@example.test";
    private static final String BOB = "bob@example.test";
    /** Shorter than half of mail-app's 60 s tokens: a refresh that merely took the saved token would show. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private String authorize(String user, Instant updatedAt) throws Exception {
        return ListeningApp.authorize(store, user, Lab.KC_APP, Lab.KC_APP_SECRET, keycloak.url(), updatedAt);
    }

    private AppRun app(String user) throws Exception {
        return ListeningApp.app(dir, store, user, Lab.KC_APP, Lab.KC_APP_SECRET, keycloak.url());
    }

    /** Polls until {@code user}'s stored refresh token is no longer {@code previous}; returns the new entry and when it was seen. */
    private StoredAccount awaitRotation(String user, String previous, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            StoredAccount now = stored(store, user);
            if (!now.refreshToken().equals(previous)) {
                return now;
            }
            assertThat(System.nanoTime()).as("no keep-alive refresh of %s within %s", user, timeout).isLessThan(end);
            Thread.sleep(200);
        }
    }

    @Test
    void idleAccountsAreRefreshedByKeepAliveAloneWhenDueAndTheirRotatedRefreshTokensStillLogIn() throws Exception {
        // alice was authorized an hour ago, bob just now: both in the store, neither with an access token
        List<String> tokens = new ArrayList<>();
        tokens.add(authorize(ALICE, Instant.now().minus(Duration.ofHours(1))));
        String bobAuthorized = authorize(BOB, Instant.now());
        tokens.add(bobAuthorized);
        Instant bobDue = stored(store, BOB).updatedAt().plus(KEEP_ALIVE);
        Path release = dir.resolve("release");

        // the app connects once as alice, then idles; bob never connects
        AppRun.Started app = app(ALICE).set("mail.oauth2.keep-alive", KEEP_ALIVE.toSeconds() + "s")
                .timeout(Duration.ofSeconds(120)).start("steps", "imap", "pause:" + release);
        await(app, "IMAP login", out -> out.contains("imap OK"), Duration.ofSeconds(30));
        StoredAccount aliceConnected = stored(store, ALICE);
        assertThat(aliceConnected.refreshToken().equals(tokens.get(0))).as("alice's refresh token rotated by her connect").isFalse();
        assertThat(keycloak.requests()).as("alice's connect (keep-alive's first round found her refreshed)").isEqualTo(1);
        assertThat(stored(store, BOB).refreshToken().equals(bobAuthorized)).as("bob, refreshed less than keep-alive ago, is left alone")
                .isTrue();

        StoredAccount bob1 = awaitRotation(BOB, bobAuthorized, KEEP_ALIVE.plusSeconds(20));
        assertThat(bob1.updatedAt()).as("bob refreshed only once due").isAfterOrEqualTo(bobDue);
        StoredAccount bob2 = awaitRotation(BOB, bob1.refreshToken(), KEEP_ALIVE.plusSeconds(10));
        assertThat(Duration.between(bob1.updatedAt(), bob2.updatedAt())).as("one keep-alive interval between rounds")
                .isGreaterThanOrEqualTo(KEEP_ALIVE);
        StoredAccount alice2 = awaitRotation(ALICE, aliceConnected.refreshToken(), KEEP_ALIVE.plusSeconds(10));
        assertThat(Duration.between(aliceConnected.updatedAt(), alice2.updatedAt())).isGreaterThanOrEqualTo(KEEP_ALIVE);
        ListeningApp.release(release);
        AppRun.Result r = app.result();

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(keycloak.requests()).as("one request per refresh, nothing else").isEqualTo(4);
        List<ListeningApp.Event> events = events(app);
        for (StoredAccount seen : List.of(aliceConnected, bob1, bob2, alice2)) {
            tokens.add(seen.refreshToken());
            tokens.add(seen.accessToken());
        }
        assertNoTokenIn(events, tokens);
        assertThat(events).extracting(ListeningApp.Event::type).containsOnly("REFRESHED");
        assertThat(events).filteredOn(e -> e.account().equals(BOB)).hasSize(2);
        assertThat(events).filteredOn(e -> e.account().equals(ALICE)).hasSize(2);

        // a new process, the access token forgotten: it must refresh with the refresh token keep-alive rotated last
        new FileTokenStore(store).locked(BOB, tx -> {
            tx.save(tx.current().orElseThrow().withAccessToken(null, null, Instant.now()));
            return null;
        });
        AppRun.Result login = app(BOB).run("imap");
        assertThat(login.exitCode()).as(login::toString).isZero();
        assertThat(keycloak.requests()).isEqualTo(5);
        assertThat(stored(store, BOB).refreshToken().equals(bob2.refreshToken())).as("rotated again by that login").isFalse();
    }
}
