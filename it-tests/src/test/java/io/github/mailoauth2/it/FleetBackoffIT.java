package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet that backs off together: five application JVMs share one store (a file, then the lab's PostgreSQL) and
 * connect at the same moment while the token endpoint (a counting relay to the lab's Keycloak) fails, and while
 * another instance holds the account's entry for the first {@value #HELD} s (as one slow to refresh would). The
 * relay's count shows one retry series for all of them, and every connect fails with the same cause within the
 * timeout, the wait for the entry included (the others do not queue for a series each, nor does the first start
 * its timeout when it gets the entry). When the endpoint heals, the first connect after the recorded back-off
 * refreshes, once, and every JVM logs in with that token. Prints the figures for {@code docs/fleet.md}.
 */
class FleetBackoffIT {
    private static final String ALICE = "alice@example.test";
    private static final int PROCESSES = 5;
    private static final int TIMEOUT = 10;
    private static final int HELD = 4;
    private static final Pattern TIMED = Pattern.compile("timed-imap (OK|FAILED) .*?in (\\d+) ms: (.*)");
    private static final Pattern RECOVERED = Pattern.compile("retry-imap OK at (\\d+) after (\\d+) failed");

    @TempDir
    Path dir;

    @Test
    void aFileStoreFleetSendsOneSeriesTo503WithRetryAfter() throws Exception {
        // Retry-After 8 s: a request at 4 s (the entry held until then), then a back-off of 8 s for all;
        // a timeout counted from when the entry came free would send a second at 12 s
        fleet("file store, HTTP 503 + Retry-After: 8", Map.of("mail.oauth2.store", dir.resolve("tokens.json").toString()),
                503, "8", "HTTP 503", 1);
    }

    @Test
    void aDatabaseStoreFleetSendsOneSeriesTo500() throws Exception {
        // backoff 0.25, 0.5, 1, 2 s from 4 s on: 5 requests until 7.75 s, then the 5 s back-off for all;
        // a timeout counted from when the row came free would send a sixth at 11.75 s
        fleet("PostgreSQL store, HTTP 500", Postgres.store(), 500, null, "HTTP 500", 5);
    }

    private void fleet(String name, Map<String, String> storeKeys, int status, String retryAfter, String cause,
                       int series) throws Exception {
        String account = "backoff-" + UUID.randomUUID();
        Map<String, String> storeConfig = new HashMap<>(storeKeys);
        storeConfig.put("mail.oauth2.timeout", String.valueOf(TIMEOUT));
        TokenStore store = TokenStores.open(OAuth2Config.of("imap", storeConfig));
        String refreshToken = Lab.keycloakLogin(ALICE, Lab.KC_APP, Lab.KC_APP_SECRET).get("refresh_token").getAsString();
        store.compareAndSet(account, null, new StoredAccount(refreshToken, null, null, null, null, null, Instant.now()));
        Path go = dir.resolve("go");
        Path healed = dir.resolve("healed");
        try (CountingProxy keycloak = new CountingProxy(Lab.KC_OIDC + "/token")) {
            keycloak.fail(status, retryAfter);
            List<AppRun.Started> fleet = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                AppRun app = new AppRun(MailApi.JAKARTA).imap("imap", Lab.KC_IMAP, "XOAUTH2").user(ALICE, "dummy")
                        .extraJar(Path.of(System.getProperty("jar.postgresql")))
                        .set("mail.oauth2.token-url", keycloak.url())
                        .set("mail.oauth2.client-id", Lab.KC_APP)
                        .set("mail.oauth2.client-secret", Lab.KC_APP_SECRET)
                        .set("mail.oauth2.account", account)
                        .timeout(Duration.ofSeconds(240));
                storeConfig.forEach(app::set);
                fleet.add(app.start("steps", "touch:" + dir.resolve("ready-" + i), "pause:" + go, "timed-imap",
                        "pause:" + healed, "retry-imap"));
            }
            for (int i = 0; i < PROCESSES; i++) {
                awaitFile(dir.resolve("ready-" + i));
            }
            ExecutorService anotherInstance = Executors.newSingleThreadExecutor();
            CountDownLatch held = new CountDownLatch(1);
            Future<?> holding = anotherInstance.submit(() -> store.locked(account, tx -> {
                held.countDown();
                sleep(Duration.ofSeconds(HELD));
                return null;
            }));
            held.await();
            Files.createFile(go); // all five connect at once
            holding.get();
            anotherInstance.shutdown();

            List<Matcher> connects = new ArrayList<>();
            for (AppRun.Started process : fleet) {
                connects.add(awaitLine(process, TIMED));
            }
            int failing = keycloak.requests();
            StoredAccount backingOff = store.read(account).orElseThrow();
            long healedAt = System.currentTimeMillis();
            keycloak.heal();
            Files.createFile(healed);

            List<Long> recoveries = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            for (AppRun.Started process : fleet) {
                AppRun.Result result = process.result();
                outputs.add(result.out());
                Matcher recovered = RECOVERED.matcher(result.out());
                assertThat(recovered.find()).as(result::toString).isTrue();
                recoveries.add(Long.parseLong(recovered.group(1)) - healedAt);
                assertThat(Long.parseLong(recovered.group(1))).as("no login before the recorded back-off ended, healed or not")
                        .isGreaterThanOrEqualTo(backingOff.backoffUntil().toEpochMilli());
            }
            List<Long> took = connects.stream().map(m -> Long.parseLong(m.group(2))).toList();
            System.out.printf("fleet back-off, %s: %d processes, timeout %d s: %d token requests while failing (one series: %d),"
                    + " connects failed in %s ms; healed: %d request(s), every process logged in %s ms after the heal"
                    + " (back-off recorded until %s, %s)%n", name, PROCESSES, TIMEOUT, failing, series, took,
                    keycloak.requests() - failing, recoveries, backingOff.backoffUntil(), backingOff.backoffCause());

            assertThat(failing).as("one retry series for the fleet, within the timeout").isEqualTo(series);
            for (Matcher connect : connects) {
                assertThat(connect.group(1)).as(connect.group()).isEqualTo("FAILED");
                assertThat(connect.group(3)).as("the same cause").contains(cause).doesNotContain(refreshToken);
                // the timeout counts from when the token is asked for; before that, the JVM's first connect loads its
                // classes (about 1 s on a loaded machine). A timeout counted from the entry's release fails after 12 s
                assertThat(Long.parseLong(connect.group(2))).as(connect.group()).isLessThan(TIMEOUT * 1000L + 1000);
            }
            assertThat(backingOff.backoffCause()).isEqualTo(cause);
            assertThat(backingOff.refreshToken()).isEqualTo(refreshToken);
            assertThat(keycloak.requests() - failing).as("after the heal: one refresh, its token for all").isEqualTo(1);
            StoredAccount recovered = store.read(account).orElseThrow();
            assertThat(recovered.backoffUntil()).isNull();
            assertThat(recovered.refreshToken()).isNotEqualTo(refreshToken); // Keycloak rotated it, and it was kept
        } finally {
            Secrets.removeAccount(store, account);
        }
    }

    private static void sleep(Duration duration) throws InterruptedIOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            throw new InterruptedIOException();
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.exists(file)) {
            assertThat(System.nanoTime()).as("%s appears", file).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Waits until the process printed a line that {@code pattern} finds. */
    private static Matcher awaitLine(AppRun.Started process, Pattern pattern) throws Exception {
        Path out = Path.of(process.output() + ".out");
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            Matcher m = pattern.matcher(Files.exists(out) ? Files.readString(out) : "");
            if (m.find()) {
                return m;
            }
            assertThat(process.process().isAlive() && System.nanoTime() < deadline)
                    .as("%s prints %s; so far: %s", process.args(), pattern, Files.exists(out) ? Files.readString(out) : "")
                    .isTrue();
            Thread.sleep(100);
        }
    }
}
