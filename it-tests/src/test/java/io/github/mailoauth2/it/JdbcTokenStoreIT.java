package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The JDBC token store against the lab's PostgreSQL: each store instance here stands for an instance of
 * the application (its own connections), as in a fleet. The fleet itself, with Keycloak and Dovecot,
 * is {@link FleetIT}.
 */
class JdbcTokenStoreIT {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    private static TokenStore open(Map<String, String> props) throws IOException {
        return TokenStores.open(OAuth2Config.of("imap", props));
    }

    private static TokenStore open() throws IOException {
        return open(Postgres.store());
    }

    private static StoredAccount entry(String refreshToken, String accessToken) {
        return new StoredAccount(refreshToken, accessToken, NOW.plusSeconds(60), "mail", "https://idp.example.test/token",
                "mail-app", NOW);
    }

    @Test
    void keepsEveryFieldAndRemoves() throws IOException {
        TokenStore store = open();
        String account = Lab.newUser();

        assertThat(store.compareAndSet(account, null, entry("rt-1", "at-1"))).isTrue();

        assertThat(store.read(account)).contains(entry("rt-1", "at-1"));
        assertThat(store.readAll()).containsEntry(account, entry("rt-1", "at-1"));
        store.remove(account);
        assertThat(store.read(account)).isEmpty();
    }

    @Test
    void compareAndSetChangesNothingWhenTheRefreshTokenMoved() throws IOException {
        TokenStore store = open();
        String account = Lab.newUser();
        store.compareAndSet(account, null, entry("rt-1", "at-1"));

        assertThat(store.compareAndSet(account, null, entry("rt-x", "at-x"))).isFalse();
        assertThat(store.compareAndSet(account, "rt-0", entry("rt-x", "at-x"))).isFalse();
        assertThat(store.compareAndSet(account, "rt-1", entry("rt-2", "at-2"))).isTrue();

        assertThat(store.read(account)).contains(entry("rt-2", "at-2"));
    }

    /** Eight instances, each its own store, refresh one absent account 200 times: no update is lost, none doubles. */
    @Test
    void lockedExcludesEveryOtherInstanceFromTheFirstInsertOn() throws Exception {
        String account = Lab.newUser();
        int instances = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                TokenStore store = open();
                runs.add(pool.submit(() -> {
                    for (int n = 0; n < each; n++) {
                        store.locked(account, tx -> {
                            int seen = tx.current().map(e -> Integer.parseInt(e.refreshToken())).orElse(0);
                            tx.save(entry(String.valueOf(seen + 1), "at"));
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(open().read(account).map(StoredAccount::refreshToken)).contains(String.valueOf(instances * each));
    }

    @Test
    void aLockedActionThatSavesNothingLeavesNoRow() throws IOException {
        TokenStore store = open();
        String account = Lab.newUser();

        Optional<StoredAccount> seen = store.locked(account, tx -> tx.current());

        assertThat(seen).isEmpty();
        assertThatThrownBy(() -> store.locked(account, tx -> {
            tx.save(entry("rt-1", "at-1"));
            throw new IOException("the refresh failed after all");
        })).hasMessage("the refresh failed after all");

        assertThat(store.read(account)).isEmpty();
        assertThat(store.readAll()).doesNotContainKey(account);
    }

    /** Encrypted rows are removed at the end: a store without the key cannot list the table with them in it. */
    @Test
    void withAKeyTheTableHoldsNoTokenAndOnlyThatKeyReadsIt() throws Exception {
        Map<String, String> encrypted = Postgres.store();
        encrypted.put("mail.oauth2.store-key", KEY);
        String account = Lab.newUser();
        TokenStore store = open(encrypted);
        store.compareAndSet(account, null, entry("the-refresh-token", "the-access-token"));
        try {
            assertOnlyTheKeyReads(encrypted, account, store);
        } finally {
            store.remove(account);
        }
    }

    private static void assertOnlyTheKeyReads(Map<String, String> encrypted, String account, TokenStore store) throws Exception {

        try (Connection c = Postgres.connect();
             PreparedStatement select = c.prepareStatement(
                     "SELECT refresh_token, access_token FROM mail_oauth2_tokens WHERE account = ?")) {
            select.setString(1, account);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).startsWith("aes-gcm:").doesNotContain("the-refresh-token");
                assertThat(row.getString(2)).startsWith("aes-gcm:").doesNotContain("the-access-token");
            }
        }
        assertThat(store.read(account).map(StoredAccount::refreshToken)).contains("the-refresh-token");
        assertThatThrownBy(() -> open().read(account))
                .hasMessageContaining("is encrypted, and no key is set")
                .hasMessageContaining("MAIL_OAUTH2_STORE_KEY")
                .hasMessageNotContaining("aes-gcm:");
        encrypted.put("mail.oauth2.store-key", Base64.getEncoder().encodeToString(new byte[32]));
        assertThatThrownBy(() -> open(encrypted).read(account)).hasMessageContaining("does not decrypt");
    }

    @Test
    void rowsWrittenBeforeTheKeyWasSetAreReadAndEncryptedOnTheNextSave() throws Exception {
        String account = Lab.newUser();
        open().compareAndSet(account, null, entry("rt-1", "at-1"));
        Map<String, String> encrypted = Postgres.store();
        encrypted.put("mail.oauth2.store-key", KEY);
        TokenStore store = open(encrypted);

        assertThat(store.compareAndSet(account, "rt-1", entry("rt-2", "at-2"))).isTrue();

        try (Connection c = Postgres.connect();
             PreparedStatement select = c.prepareStatement("SELECT refresh_token FROM mail_oauth2_tokens WHERE account = ?")) {
            select.setString(1, account);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).startsWith("aes-gcm:");
            }
        } finally {
            store.remove(account);
        }
    }

    /** A connection per operation: the instance that saw the database down works again when it is back, no restart. */
    @Test
    void recoversFromARestartedDatabaseAndNeverShowsThePassword() throws Exception {
        TokenStore store = open();
        String account = Lab.newUser();
        store.compareAndSet(account, null, entry("rt-1", "at-1"));

        Postgres.script("stop");
        try {
            assertThatThrownBy(() -> store.read(account))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("reading " + account + " in the token store jdbc:postgresql://127.0.0.1:15432/mailoauth2")
                    .hasMessageNotContaining(Postgres.PASSWORD);
        } finally {
            Postgres.script("start");
        }

        assertThat(store.read(account).map(StoredAccount::refreshToken)).contains("rt-1");
        assertThat(store.compareAndSet(account, "rt-1", entry("rt-2", "at-2"))).isTrue();
    }

    @Test
    void aWrongPasswordIsReportedWithoutIt() {
        Map<String, String> props = Postgres.store();
        props.put("mail.oauth2.store-password", "not-the-password");

        assertThatThrownBy(() -> open(props).read("alice@example.test"))
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void anApplicationsDataSourceIsUsedByName() throws IOException {
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setURL(Postgres.URL);
        dataSource.setUser(Postgres.USER);
        dataSource.setPassword(Postgres.PASSWORD);
        String account = Lab.newUser();
        io.github.mailoauth2.MailOAuth2.useDataSource("it", dataSource);
        try {
            TokenStore store = open(Map.of("mail.oauth2.store", "datasource:it"));
            store.compareAndSet(account, null, entry("rt-1", "at-1"));

            assertThat(open().read(account).map(StoredAccount::refreshToken)).isEqualTo(Optional.of("rt-1"));
        } finally {
            io.github.mailoauth2.MailOAuth2.useDataSource("it", null);
        }
        assertThatThrownBy(() -> open(Map.of("mail.oauth2.store", "datasource:it")).read(account))
                .hasMessageContaining("no data source is registered as \"it\"");
    }
}
