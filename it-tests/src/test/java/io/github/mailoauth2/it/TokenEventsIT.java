package io.github.mailoauth2.it;

import static io.github.mailoauth2.it.ListeningApp.assertNoTokenIn;
import static io.github.mailoauth2.it.ListeningApp.await;
import static io.github.mailoauth2.it.ListeningApp.events;
import static io.github.mailoauth2.it.ListeningApp.release;
import static io.github.mailoauth2.it.ListeningApp.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.mailoauth2.store.StoredAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token events in an unmodified application against Keycloak and the Keycloak-checked Dovecot, the listener
 * registered through {@code META-INF/services} only. A client made for this class issues 15 s access tokens (the
 * lab's {@code mail-app} 60 s ones would quadruple the waits), with the realm's single-use refresh tokens; Keycloak's
 * and Dovecot's expiry checks are exact, so no clock-skew allowance stretches them. Token requests go through a
 * relay in front of Keycloak, which counts them and can play an unreachable endpoint.
 */
class TokenEventsIT extends KeycloakRelayFixture {
    private static final String ALICE = "alice@example.test";
    private static final int LIFESPAN_SECONDS = 15;
    private static final String CLIENT = "events-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SECRET = UUID.randomUUID().toString();

    private static KeycloakAdmin admin;
    private static String clientId;

    @BeforeAll
    static void createClient() throws Exception {
        admin = KeycloakAdmin.login();
        clientId = admin.createShortTokenClient(CLIENT, SECRET, LIFESPAN_SECONDS);
    }

    @AfterAll
    static void deleteClient() throws Exception {
        if (clientId != null) {
            admin.deleteClient(clientId);
        }
    }

    private String authorize() throws Exception {
        return ListeningApp.authorize(store, ALICE, CLIENT, SECRET, keycloak.url(), Instant.now());
    }

    /** The app as alice, running {@code steps}; its pauses wait for files in {@link #dir}. */
    private AppRun.Started start(String... steps) throws Exception {
        String[] args = new String[steps.length + 1];
        args[0] = "steps";
        for (int i = 0; i < steps.length; i++) {
            args[i + 1] = steps[i].startsWith("pause:") ? "pause:" + dir.resolve(steps[i].substring(6)) : steps[i];
        }
        return ListeningApp.app(dir, store, ALICE, CLIENT, SECRET, keycloak.url()).set("mail.oauth2.timeout", "2")
                .timeout(Duration.ofSeconds(90)).start(args);
    }

    /** Sleeps until the source's refresh policy holds alice's saved token due: half its life (the margin is longer). */
    private void sleepUntilDue(StoredAccount saved) throws InterruptedException {
        Instant due = saved.updatedAt().plus(Duration.between(saved.updatedAt(), saved.accessTokenExpiresAt()).dividedBy(2));
        long millis = Duration.between(Instant.now(), due).toMillis() + 500;
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static long count(AppRun.Result r, String prefix) {
        return r.out().lines().filter(line -> line.startsWith(prefix)).count();
    }

    @Test
    void eachRenewalOfTheShortTokenAroundRealImapAndSmtpLoginsIsReportedAsRefreshed() throws Exception {
        String authorized = authorize();
        AppRun.Started app = start("imap", "send:events " + UUID.randomUUID(), "pause:due", "imap", "send:events renewed",
                "pause:done");
        await(app, "IMAP and SMTP logins", out -> out.contains("send OK"), Duration.ofSeconds(30));
        StoredAccount first = stored(store, ALICE);
        assertThat(Duration.between(first.updatedAt(), first.accessTokenExpiresAt())).as("the client's short tokens")
                .isLessThan(Duration.ofSeconds(LIFESPAN_SECONDS + 2)); // expiry counts from the answer, a little later

        sleepUntilDue(first);
        release(dir.resolve("due"));
        await(app, "a second REFRESHED", out -> out.lines().filter(l -> l.startsWith("EVENT REFRESHED")).count() == 2
                && out.lines().filter(l -> l.startsWith("send OK")).count() == 2, Duration.ofSeconds(30));
        release(dir.resolve("done"));
        AppRun.Result r = app.result();

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(count(r, "imap OK")).as(r::toString).isEqualTo(2);
        assertThat(count(r, "send OK")).as(r::toString).isEqualTo(2);
        assertThat(keycloak.requests()).isEqualTo(2);
        StoredAccount renewed = stored(store, ALICE);
        List<ListeningApp.Event> events = events(app);
        assertNoTokenIn(events, List.of(authorized, first.refreshToken(), first.accessToken(), renewed.refreshToken(),
                renewed.accessToken()));
        assertThat(events).extracting(ListeningApp.Event::type, ListeningApp.Event::account)
                .containsExactly(tuple("REFRESHED", ALICE), tuple("REFRESHED", ALICE));
        assertThat(events).allMatch(e -> e.line().contains(" source=refresh-token "));
        assertThat(events.get(0).expiresAt()).isEqualTo(first.accessTokenExpiresAt());
        assertThat(events.get(1).expiresAt()).isEqualTo(renewed.accessTokenExpiresAt()).isAfter(first.accessTokenExpiresAt());
    }

    @Test
    void afterAnAdministratorEndsTheSessionsTheCachedTokenIsRejectedAndReauthorizationIsNeeded() throws Exception {
        String authorized = authorize();
        AppRun.Started app = start("imap", "pause:logged-out", "imap");
        await(app, "IMAP login", out -> out.contains("imap OK"), Duration.ofSeconds(30));
        StoredAccount before = stored(store, ALICE);

        admin.logOut(ALICE);
        release(dir.resolve("logged-out"));
        AppRun.Result r = app.result();

        // Dovecot finds the cached token inactive; the one retry's refresh is refused: the connect fails, clearly
        assertThat(r.exitCode()).as(r::toString).isEqualTo(1);
        assertThat(r.out()).as(r::toString).contains("imap FAILED jakarta.mail.AuthenticationFailedException")
                .contains("The refresh token of alice@example.test was revoked or has expired. Authorize again");
        List<ListeningApp.Event> events = events(app);
        assertNoTokenIn(events, List.of(authorized, before.refreshToken(), before.accessToken()));
        assertThat(events).extracting(ListeningApp.Event::type, ListeningApp.Event::account).containsExactly(
                tuple("REFRESHED", ALICE), tuple("TOKEN_REJECTED", ALICE),
                tuple("REAUTHORIZATION_NEEDED", ALICE));
        assertThat(events.get(2).line()).contains("invalid_grant", "Authorize again");
        assertThat(keycloak.requests()).as("one refused refresh, no retry storm").isEqualTo(2);
        StoredAccount after = stored(store, ALICE);
        assertThat(after.refreshToken().equals(before.refreshToken())).as("the stored refresh token is kept").isTrue();
    }

    @Test
    void anUnreachableTokenEndpointIsReportedAsTransientWhileTheCachedTokenStillLogsIn() throws Exception {
        String authorized = authorize();
        AppRun.Started app = start("imap", "pause:down", "imap", "pause:done");
        await(app, "IMAP login", out -> out.contains("imap OK"), Duration.ofSeconds(30));
        StoredAccount before = stored(store, ALICE);

        keycloak.close(); // connection refused from now on
        sleepUntilDue(before);
        release(dir.resolve("down"));
        await(app, "a failed refresh", out -> out.contains("EVENT REFRESH_FAILED"), Duration.ofSeconds(30));
        release(dir.resolve("done"));
        AppRun.Result r = app.result();

        // the connect went on with the cached token; operations heard of the trouble before any connect failed
        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(count(r, "imap OK")).as(r::toString).isEqualTo(2);
        List<ListeningApp.Event> events = events(app);
        assertNoTokenIn(events, List.of(authorized, before.refreshToken(), before.accessToken()));
        assertThat(events).extracting(ListeningApp.Event::type, ListeningApp.Event::account).containsExactly(
                tuple("REFRESHED", ALICE), tuple("REFRESH_FAILED_TRANSIENT", ALICE));
        assertThat(events.get(1).line()).contains("did not answer refreshing the access token of alice@example.test");
        assertThat(stored(store, ALICE).refreshToken().equals(before.refreshToken())).as("the stored refresh token is kept").isTrue();
    }
}
