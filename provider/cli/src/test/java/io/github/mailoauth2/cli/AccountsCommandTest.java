package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.testing.FakeTokenEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code accounts}: each account's refresh token, its age and last refresh, and whether it must be authorized again. */
class AccountsCommandTest {
    private static final String USER = "bob@example.test";
    private static final String REFRESH_TOKEN = "rt-SECRET-bob-4711";

    @TempDir
    Path dir;

    private final FakeTokenEndpoint endpoint;

    /** Refuses every refresh token, as a server does one it revoked, until a test says otherwise. */
    AccountsCommandTest() throws IOException {
        endpoint = FakeTokenEndpoint.always(FakeTokenEndpoint.OAUTH2_PY_PATH, FakeTokenEndpoint.Answer.json(200, ""));
        endpoint.answer(400, "{\"error\": \"invalid_grant\", \"error_description\": \"Token is not active\"}");
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private Path store() {
        return dir.resolve("tokens.json");
    }

    private StoredAccount stored() throws IOException {
        return new FileTokenStore(store()).read(USER).orElseThrow();
    }

    @Test
    void aRefusedRefreshShowsReauthorizationNeededUntilARefreshWorks() throws IOException {
        Instant authorized = Instant.now().minus(Duration.ofDays(12)).minusSeconds(60);
        new FileTokenStore(store()).compareAndSet(USER, null, new StoredAccount(REFRESH_TOKEN, "at-SECRET-old",
                authorized.plusSeconds(3600), "mail", endpoint.url(), "app", authorized, authorized, null, null));

        Run refused = Run.of("refresh", "--user", USER, "--store", store().toString());
        Run listed = Run.of("accounts", "--store", store().toString());

        assertThat(refused.exitStatus()).as(refused.toString()).isEqualTo(Main.AUTH_FAILED);
        assertThat(stored().refreshToken()).as("the refused refresh token is kept").isEqualTo(REFRESH_TOKEN);
        assertThat(stored().refusal()).isEqualTo("invalid_grant (Token is not active)");
        assertThat(listed.out()).as(listed.toString()).contains(USER,
                "  source:        refresh token from " + endpoint.url() + ", client app",
                "  refresh token: stored, 12 days old",
                "  last refresh:  none recorded",
                "  status:        re-authorization needed: the token endpoint refused the refresh token:"
                        + " invalid_grant (Token is not active); run: mail-oauth2 authorize --user " + USER);
        assertThat(refused + listed.toString()).doesNotContain("SECRET");

        endpoint.answer(200, "{\"access_token\": \"at-SECRET-new\", \"expires_in\": 3600, \"token_type\": \"Bearer\"}");
        Run refreshed = Run.of("refresh", "--user", USER, "--store", store().toString(), "--quiet");
        Run again = Run.of("accounts", "--store", store().toString());

        assertThat(refreshed.exitStatus()).as(refreshed.toString()).isZero();
        assertThat(stored().refusal()).isNull();
        assertThat(stored().refreshToken()).isEqualTo(REFRESH_TOKEN);
        assertThat(again.out()).as(again.toString()).contains("  status:        ok", "  refresh token: stored, 12 days old")
                .containsPattern("  last refresh:  \\S+Z \\(\\d+ s ago\\)").doesNotContain("re-authorization", "SECRET");
    }

    @Test
    void aRotatedRefreshTokenIsNew() throws IOException {
        Instant authorized = Instant.now().minus(Duration.ofDays(40));
        new FileTokenStore(store()).compareAndSet(USER, null, new StoredAccount(REFRESH_TOKEN, null, null, "mail",
                endpoint.url(), "app", authorized, authorized, authorized, null));
        endpoint.answer(200, "{\"access_token\": \"at-SECRET-new\", \"refresh_token\": \"rt-SECRET-rotated\","
                + " \"expires_in\": 3600, \"token_type\": \"Bearer\"}");

        Run before = Run.of("accounts", "--store", store().toString());
        Run.of("refresh", "--user", USER, "--store", store().toString(), "--quiet");
        Run after = Run.of("accounts", "--store", store().toString());

        assertThat(before.out()).contains("  refresh token: stored, 40 days old", "  last refresh:  " + authorized + " (40 days ago)");
        assertThat(after.out()).containsPattern("  refresh token: stored, \\d+ s old").doesNotContain("SECRET");
    }

    @Test
    void anEntryWrittenBeforeTheHistoryWasKeptSaysItDoesNotKnow() throws IOException {
        new FileTokenStore(store()).compareAndSet(USER, null, new StoredAccount(REFRESH_TOKEN, null, null, null,
                endpoint.url(), "app", Instant.now()));

        Run listed = Run.of("accounts", "--store", store().toString());

        assertThat(listed.out()).contains("  refresh token: stored, age unknown", "  last refresh:  none recorded",
                "  status:        ok");
    }

    @Test
    void agesAreInTheLargestUnitThatCountsMoreThanOne() {
        Instant now = Instant.parse("2026-12-01T16:40:00Z");

        assertThat(AccountsCommand.age(now.minusSeconds(42), now)).isEqualTo("42 s");
        assertThat(AccountsCommand.age(now.minusSeconds(180), now)).isEqualTo("3 min");
        assertThat(AccountsCommand.age(now.minus(Duration.ofHours(5)), now)).isEqualTo("5 h");
        assertThat(AccountsCommand.age(now.minus(Duration.ofDays(12)), now)).isEqualTo("12 days");
        assertThat(AccountsCommand.age(now.plusSeconds(3), now)).as("a clock a little ahead").isEqualTo("0 s");
    }
}
