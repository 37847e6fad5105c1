package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line with the database store: accounts moved from a machine's file into PostgreSQL, then listed.
 * The executable jar runs with the driver next to it, as {@code docs/fleet.md} tells users to run it.
 */
class CliJdbcStoreIT {
    /** Credentials in the URL, the way that must never reach the output. */
    private static final String URL = Postgres.URL + "?user=" + Postgres.USER + "&password=" + Postgres.PASSWORD;

    @TempDir
    Path dir;

    @Test
    void copyAccountsMovesAFileStoreIntoTheDatabaseAndAccountsListsIt() throws Exception {
        String alice = Lab.newUser();
        String bob = Lab.newUser();
        Path file = dir.resolve("tokens.json");
        FileTokenStore from = new FileTokenStore(file);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // PostgreSQL keeps microseconds
        from.compareAndSet(alice, null, new StoredAccount("rt-alice-" + alice, "at-alice", now.plusSeconds(3600), "mail",
                "https://idp.example.test/token", "app", now));
        from.compareAndSet(bob, null, new StoredAccount("rt-bob-" + bob, null, null, null, null, "app", now));
        TokenStore database = TokenStores.open(OAuth2Config.of("imap", Postgres.store()));
        try {
            StoreTrustIT.Cli copy = cli("copy-accounts", "--from", file.toString(), "--to", URL);

            assertThat(copy.exitCode()).as(copy.toString()).isZero();
            assertThat(copy.out()).contains("Copied 2 accounts", "to jdbc:postgresql://127.0.0.1:15432/mailoauth2 (table")
                    .doesNotContain(Postgres.PASSWORD, "rt-alice");
            assertThat(database.read(alice)).isEqualTo(from.read(alice));
            assertThat(database.read(bob)).isEqualTo(from.read(bob));

            StoreTrustIT.Cli again = cli("copy-accounts", "--from", file.toString(), "--to", URL, "--user", alice);
            assertThat(again.out()).as(again.toString()).contains("Copied 0 accounts", "Left as they are", alice);

            StoreTrustIT.Cli accounts = cli("accounts", "--store", URL);
            // the lab's table is shared: rows other tests encrypted are named, and make the exit status 1
            assertThat(accounts.exitCode()).as(accounts.toString()).isEqualTo(accounts.out().contains("that cannot be read") ? 1 : 0);
            assertThat(accounts.out()).contains(alice, bob, "refresh token: stored")
                    .doesNotContain(Postgres.PASSWORD, "rt-alice", "at-alice");
        } finally {
            database.remove(alice);
            database.remove(bob);
        }
    }

    /** A real browser login at Keycloak (kc_login.py plays the browser); the tokens go straight into the database. */
    @Test
    void authorizeSavesTheAccountInTheDatabase() throws Exception {
        TokenStore database = TokenStores.open(OAuth2Config.of("imap", Postgres.store()));
        String alice = "alice@example.test";
        database.remove(alice);
        try {
            StoreTrustIT.Cli authorize = cli("authorize", "--user", alice, "--browser", "/usr/bin/python3 "
                            + Lab.scripts().resolve("keycloak/kc_login.py") + " login %s -u " + alice + " --deliver",
                    "--token-url", Lab.KC_OIDC + "/token", "--authorization-url", Lab.KC_OIDC + "/auth",
                    "--client-id", "mail-cli", "--scope", "openid offline_access", "--store", URL);

            assertThat(authorize.exitCode()).as("exit code").isZero();
            StoredAccount saved = database.read(alice).orElseThrow();
            Secrets.remember(saved.refreshToken());
            Secrets.remember(saved.accessToken());
            assertThat(authorize.out()).contains("Saved " + alice + " in jdbc:postgresql://127.0.0.1:15432/mailoauth2 (table")
                    .doesNotContain(Postgres.PASSWORD);
            assertThat(saved.clientId()).isEqualTo("mail-cli");
        } finally {
            database.remove(alice);
        }
    }

    private static StoreTrustIT.Cli cli(String... args) throws Exception {
        return StoreTrustIT.cli(Map.of(), true, args);
    }
}
