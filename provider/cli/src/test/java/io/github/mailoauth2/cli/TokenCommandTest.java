package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.testing.FakeTokenEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code token}: what a mail program's password command gets, from the store or refreshed. */
class TokenCommandTest {
    private static final String USER = "alice@example.test";

    @TempDir
    Path dir;

    private final FakeTokenEndpoint endpoint;

    TokenCommandTest() throws IOException {
        endpoint = FakeTokenEndpoint.always(FakeTokenEndpoint.OAUTH2_PY_PATH, FakeTokenEndpoint.Answer.json(200, "{\"access_token\": \"fresh-access\", \"refresh_token\": \"rotated-refresh\","
                + " \"expires_in\": 3600, \"token_type\": \"Bearer\"}"));
    }

    @AfterEach
    void stop() {
        endpoint.close();
        // each test has its own store: drop the sources that cached the last one's tokens
        MailOAuth2.shutdown();
    }

    private String store() {
        return dir.resolve("tokens.json").toString();
    }

    private void stored(String accessToken, Instant expiresAt) throws IOException {
        Instant now = Instant.now();
        new FileTokenStore(Path.of(store())).locked(USER, tx -> {
            tx.save(new StoredAccount("stored-refresh", accessToken, expiresAt, "openid offline_access",
                    endpoint.url(), "mail-cli", now));
            return null;
        });
    }

    @Test
    void aStoredTokenThatIsStillGoodIsPrintedAloneWithoutAskingTheServer() throws IOException {
        stored("stored-access", Instant.now().plusSeconds(3000));

        Run run = Run.of("token", "--user", USER, "--store", store());

        assertThat(run.out()).isEqualTo("stored-access\n");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitStatus()).isZero();
        assertThat(endpoint.forms()).isEmpty();
    }

    @Test
    void anExpiredTokenIsRefreshedAndTheRotatedRefreshTokenStored() throws IOException {
        stored("stale-access", Instant.now().minusSeconds(10));

        Run run = Run.of("token", "--user", USER, "--store", store());

        assertThat(run.out()).as(run::toString).isEqualTo("fresh-access\n");
        assertThat(run.exitStatus()).isZero();
        assertThat(endpoint.forms()).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", "stored-refresh")
                .containsEntry("client_id", "mail-cli"));
        assertThat(new FileTokenStore(Path.of(store())).read(USER)).hasValueSatisfying(account -> {
            assertThat(account.refreshToken()).isEqualTo("rotated-refresh");
            assertThat(account.accessToken()).isEqualTo("fresh-access");
        });
    }

    @Test
    void anUnknownAccountFailsWithExitStatus1AndNothingOnStandardOutput() {
        Run run = Run.of("token", "--user", "nobody@example.test", "--store", store());

        assertThat(run.exitStatus()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: no account nobody@example.test in " + store()).contains("authorize");
    }

    @Test
    void aRefusedRefreshFailsWithExitStatus1AndNamesTheFix() throws IOException {
        stored("stale-access", Instant.now().minusSeconds(10));
        endpoint.answer(400, "{\"error\": \"invalid_grant\", \"error_description\": \"Token has been revoked.\"}");

        Run run = Run.of("token", "--user", USER, "--store", store());

        assertThat(run.exitStatus()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("invalid_grant").contains("authorize").doesNotContain("stored-refresh");
    }

    @Test
    void aMissingUserIsAUsageError() {
        Run run = Run.of("token", "--store", store());

        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("--user");
    }

    @Test
    void theQuickPathAndPicocliAgree() throws IOException {
        stored("stored-access", Instant.now().plusSeconds(3000));

        assertThat(Run.of("token", "-u", USER, "--store=" + store())).isEqualTo(Run.viaPicocli("token", "-u", USER, "--store=" + store()));
    }
}
