package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.testing.FakeTokenEndpoint;
import io.github.mailoauth2.testing.FakeTokenEndpoint.Answer;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fleet: three application instances, each its own JVM with its own cache and no shared file, on one
 * account through the lab's PostgreSQL, against Keycloak's 60 s tokens with single-use rotating refresh
 * tokens, logging in over IMAP and sending over SMTP to the Keycloak-checked Dovecot for three token
 * lifetimes. Meanwhile PostgreSQL is stopped for a while, and a fourth instance is killed with
 * {@code kill -9} while it holds the account's row for a refresh.
 */
class FleetIT {
    private static final String ALICE = "alice@example.test";
    private static final int INSTANCES = 3;
    /** Three 60 s lifetimes, refreshed 10 s before expiry: a token request every ~50 s. */
    private static final int SECONDS = 180;

    private final String account = "fleet-" + UUID.randomUUID();

    private AppRun instance(String tokenUrl) {
        AppRun app = new AppRun(MailApi.JAKARTA).imap("imap", Lab.KC_IMAP, "XOAUTH2").smtp("smtp", Lab.KC_SUBMISSION, "XOAUTH2")
                .user(ALICE, "dummy")
                .extraJar(Path.of(System.getProperty("jar.postgresql")))
                .set("mail.oauth2.token-url", tokenUrl)
                .set("mail.oauth2.client-id", Lab.KC_APP)
                .set("mail.oauth2.client-secret", Lab.KC_APP_SECRET)
                .set("mail.oauth2.account", account)
                .set("mail.oauth2.refresh-margin", "10");
        Postgres.store().forEach(app::set);
        return app;
    }

    @Test
    void threeInstancesRefreshOncePerLifetimeAndSurviveADeadRefresherAndADatabaseRestart() throws Exception {
        String refreshToken = Lab.keycloakLogin(ALICE, Lab.KC_APP, Lab.KC_APP_SECRET).get("refresh_token").getAsString();
        TokenStore store = TokenStores.open(OAuth2Config.of("imap", Postgres.store()));
        store.compareAndSet(account, null, new StoredAccount(refreshToken, null, null, null, null, null, Instant.now()));

        // a token endpoint that holds the request it gets until released, then fails it without any server seeing it
        CountDownLatch requested = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (CountingProxy keycloak = new CountingProxy(Lab.KC_OIDC + "/token");
             FakeTokenEndpoint held = new FakeTokenEndpoint(n -> {
                 requested.countDown();
                 try {
                     release.await(60, TimeUnit.SECONDS);
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 return Answer.of(503, "text/plain", "");
             })) {
            List<AppRun.Started> fleet = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                fleet.add(instance(keycloak.url()).timeout(Duration.ofSeconds(SECONDS + 60)).start("soak", String.valueOf(SECONDS), "2"));
            }

            // the database down for 8 s while the instances' tokens are fresh: they connect on with them
            awaitRowAge(3, 15);
            Postgres.script("stop");
            Thread.sleep(8_000);
            Postgres.script("start");

            // a fourth instance whose token is due earlier (margin capped at half the lifetime: 30 s) locks the
            // row to refresh and is killed while its token request is in flight, before the server saw it
            awaitRowAge(31, 40);
            AppRun.Started victim = instance(held.url()).set("mail.oauth2.refresh-margin", "30").start("imap");
            assertThat(requested.await(30, TimeUnit.SECONDS)).as("the fourth instance asks for a token").isTrue();
            int beforeKill = keycloak.requests();
            victim.process().destroyForcibly(); // SIGKILL
            victim.process().waitFor();
            release.countDown();

            List<String> outputs = new ArrayList<>();
            for (AppRun.Started instance : fleet) {
                AppRun.Result result = instance.result();
                outputs.add(result.out());
                assertThat(result.out()).as(result::toString).containsPattern("SOAK ok=\\d{2,} failed=0");
            }
            System.out.printf("fleet: %d instances, %d s (%d lifetimes of 60 s), %d token requests, %s%n", INSTANCES, SECONDS,
                    SECONDS / 60, keycloak.requests(), outputs.stream().map(o -> o.substring(o.indexOf("SOAK")).strip()).toList());
            // one per ~50 s for the fleet, not one per instance (3 instances on their own: 12 or more)
            assertThat(keycloak.requests()).isBetween(SECONDS / 50, SECONDS / 50 + 2);
            assertThat(keycloak.requests()).as("the fleet refreshed after the kill, with the refresh token in the row")
                    .isGreaterThan(beforeKill);
        } finally {
            Secrets.removeAccount(store, account);
        }
    }

    /** Waits until the account's row was last written between {@code min} and {@code max} seconds ago. */
    private void awaitRowAge(int min, int max) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try (Connection c = Postgres.connect();
                 PreparedStatement select = c.prepareStatement(
                         "SELECT updated_at FROM mail_oauth2_tokens WHERE account = ? AND access_token IS NOT NULL")) {
                select.setString(1, account);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        long age = Duration.between(row.getTimestamp(1).toInstant(), Instant.now()).toSeconds();
                        if (age >= min && age <= max) {
                            return;
                        }
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the row of " + account + " never reached an age of " + min + "-" + max + " s");
    }
}
