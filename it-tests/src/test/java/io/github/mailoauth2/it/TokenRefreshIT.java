package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.internal.store.FileTokenStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The refresh-token source against Keycloak (60 s access tokens, single-use refresh tokens, exact
 * expiry checked by Dovecot on every login). The application's properties name only the token
 * endpoint, the client and the store; its password is a dummy. Token requests are counted by a
 * relay in front of Keycloak, outside the code under test.
 */
class TokenRefreshIT extends KeycloakRelayFixture {
    private static final String ALICE = "alice@example.test";

    /** What `authorize` will do: a real login at Keycloak, its refresh token saved in the store. */
    private String authorize() throws Exception {
        String refreshToken = Lab.keycloakLogin(ALICE, Lab.KC_APP, Lab.KC_APP_SECRET).get("refresh_token").getAsString();
        new FileTokenStore(store).locked(ALICE, tx -> {
            tx.save(new StoredAccount(refreshToken, null, null, null, null, null, Instant.now()));
            return null;
        });
        return refreshToken;
    }

    private AppRun app(String tokenUrl) {
        return new AppRun(MailApi.JAKARTA).imap("imap", Lab.KC_IMAP, "XOAUTH2").smtp("smtp", Lab.KC_SUBMISSION, "XOAUTH2")
                .pop3("pop3", Lab.KC_POP3)
                .user(ALICE, "dummy")
                .set("mail.oauth2.token-url", tokenUrl)
                .set("mail.oauth2.client-id", Lab.KC_APP)
                .set("mail.oauth2.client-secret", Lab.KC_APP_SECRET)
                .set("mail.oauth2.store", store.toString());
    }

    private StoredAccount stored() throws Exception {
        return new FileTokenStore(store).read(ALICE).orElseThrow();
    }

    @Test
    void fiftyConcurrentLoginsOnAnEmptyCacheMakeOneTokenRequestAndTheRotatedRefreshTokenIsKept() throws Exception {
        String first = authorize();

        AppRun.Result r = app(keycloak.url()).run("parallel", "50");

        assertThat(r.out()).as(r::toString).contains("PARALLEL ok=50 failed=0");
        assertThat(keycloak.requests()).isEqualTo(1);
        StoredAccount saved = stored();
        assertThat(saved.refreshToken()).isNotNull().isNotEqualTo(first);
        Secrets.remember(saved.refreshToken());
        Secrets.remember(saved.accessToken());

        // forget the access token: the next process must refresh with the rotated refresh token
        // (Keycloak refuses the first one now: it is single-use)
        new FileTokenStore(store).locked(ALICE, tx -> {
            tx.save(saved.withAccessToken(null, null, Instant.now()));
            return null;
        });
        AppRun.Result again = app(keycloak.url()).run("imap");
        assertThat(again.exitCode()).as(again::toString).isZero();
        assertThat(keycloak.requests()).isEqualTo(2);
        Secrets.remember(stored().refreshToken());
    }

    @Test
    void twoProcessesSharingTheStoreRefreshOnce() throws Exception {
        authorize();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<AppRun.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(pool.submit(() -> app(keycloak.url()).run("parallel", "10")));
        }
        for (Future<AppRun.Result> run : runs) {
            AppRun.Result r = run.get();
            assertThat(r.out()).as(r::toString).contains("PARALLEL ok=10 failed=0");
        }
        pool.shutdown();

        assertThat(keycloak.requests()).isEqualTo(1);
        Secrets.remember(stored().refreshToken());
    }

    @Test
    void aRevokedRefreshTokenFailsClearlyOnceAndIsNotDropped() throws Exception {
        String refreshToken = authorize();
        Lab.revoke(Lab.KC_APP, Lab.KC_APP_SECRET, refreshToken);

        AppRun.Result r = app(keycloak.url()).run("parallel", "5");

        assertThat(r.out()).as(r::toString).contains("PARALLEL ok=0 failed=5")
                .contains("refused refreshing the access token of alice@example.test: invalid_grant")
                .contains("was revoked or has expired. Authorize again")
                .doesNotContain(refreshToken);
        assertThat(keycloak.requests()).as("no retry storm").isEqualTo(1);
        assertThat(stored().refreshToken()).isEqualTo(refreshToken);
    }

    @Test
    void anUnreachableTokenEndpointFailsWithinTheTimeoutAndKeepsTheStore() throws Exception {
        String refreshToken = authorize();
        int closedPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }

        AppRun.Result r = app("http://127.0.0.1:" + closedPort + "/token").set("mail.oauth2.timeout", "2").run("imap");

        assertThat(r.exitCode()).as(r::toString).isEqualTo(1);
        assertThat(r.out()).contains("did not answer refreshing the access token of alice@example.test with a token: ConnectException")
                .contains("Check that the token endpoint is reachable");
        assertThat(stored().refreshToken()).isEqualTo(refreshToken);
    }

    @Test
    void aLongRunningAppKeepsConnectingAcrossSeveralTokenLifetimes() throws Exception {
        authorize();

        // 60 s tokens, refreshed 10 s before expiry: a token request about every 50 s, over 3+ lifetimes;
        // every round logs in over IMAP and POP3 and sends over SMTP
        AppRun.Result r = app(keycloak.url()).set("mail.oauth2.refresh-margin", "10")
                .timeout(java.time.Duration.ofSeconds(300)).run("soak", "200", "3");

        assertThat(r.out()).as(r::toString).containsPattern("SOAK ok=\\d{2,} failed=0");
        assertThat(keycloak.requests()).isBetween(4, 6);
        Secrets.remember(stored().refreshToken());
    }
}
