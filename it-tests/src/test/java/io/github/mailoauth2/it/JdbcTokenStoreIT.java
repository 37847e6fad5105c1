package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    /** A token request must end within its timeout: it waits for a row another instance holds no longer than it is told. */
    @Test
    void aWaitForAHeldRowEndsWhenTheCallerSaysAndChangesNothing() throws Exception {
        TokenStore holder = open();
        TokenStore waiter = open();
        String account = Lab.newUser();
        holder.compareAndSet(account, null, entry("rt-1", "at-1"));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> holding = pool.submit(() -> holder.locked(account, tx -> {
                held.countDown();
                try {
                    return release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            }));
            held.await();

            assertThatThrownBy(() -> waiter.locked(account, Duration.ofSeconds(1), tx -> {
                tx.save(entry("rt-x", "at-x"));
                return null;
            }))
                    .hasMessageStartingWith("timed out after 1 s waiting for the row of " + account)
                    .hasMessageContaining("held by another instance's transaction").hasMessageNotContaining("rt-");
            release.countDown();
            assertThat(holding.get()).as("the holder still held it when the wait ended").isTrue();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(waiter.read(account)).contains(entry("rt-1", "at-1"));
    }

    @Test
    void aLockedActionThatSavesNothingLeavesNoRow() throws IOException {
        TokenStore store = open();
        String account = Lab.newUser();

        Optional<StoredAccount> seen = store.locked(account, tx -> tx.current());

        assertThat(seen).isEmpty();
        assertThatThrownBy(() -> store.locked(account, tx -> {
            tx.current();
            throw new IOException("the refresh failed");
        })).hasMessage("the refresh failed");

        assertThat(store.read(account)).isEmpty();
        assertThat(store.readAll()).doesNotContainKey(account);
    }

    /** As Transaction.save promises, and as the file store does: a refusal is recorded, then thrown. */
    @Test
    void whatALockedActionSavedStaysWhenItThrowsAfter() throws IOException {
        TokenStore store = open();
        String account = Lab.newUser();
        store.compareAndSet(account, null, entry("rt-1", "at-1"));

        assertThatThrownBy(() -> store.locked(account, tx -> {
            tx.save(tx.current().orElseThrow().withRefusal("invalid_grant", NOW));
            throw new IOException("refused");
        })).hasMessage("refused");

        assertThat(store.read(account)).contains(entry("rt-1", "at-1").withRefusal("invalid_grant", NOW));
    }

    @Test
    void keepsTheRefreshTokensHistory() throws IOException {
        TokenStore store = open();
        String account = Lab.newUser();
        StoredAccount refused = history("rt-1", "at-1");

        store.compareAndSet(account, null, refused);

        assertThat(open().read(account)).contains(refused);
        assertThat(open().readAll()).containsEntry(account, refused);
        StoredAccount again = refused.refreshed(null, "at-2", NOW.plusSeconds(3600), NOW.plusSeconds(10));
        assertThat(store.compareAndSet(account, "rt-1", again)).isTrue();
        assertThat(open().read(account)).contains(again);
        assertThat(again.refusal()).isNull();
    }

    private static StoredAccount history(String refreshToken, String accessToken) {
        return entry(refreshToken, accessToken).refreshed(null, accessToken, NOW.plusSeconds(60), NOW.minusSeconds(30))
                .withRefusal("invalid_grant (Token is not active)", NOW);
    }

    /**
     * A table made by the release before the history columns, with a row in it: eight instances start at once
     * on it, held at their first look at the table until all are there, so that all find the columns missing
     * and all try to add them; none fails, the old row reads as it was, and the history is kept from then on.
     */
    @Test
    void anOlderTableGetsTheHistoryColumnsOnFirstUseByInstancesStartingAtOnce() throws Exception {
        String schema = schema("CREATE TABLE mail_oauth2_tokens (" + OLD_COLUMNS + ")");
        try {
            String account = Lab.newUser();
            insertOldRow(schema, account);
            Map<String, String> props = inSchema(schema);
            int instances = 8;
            ExecutorService pool = Executors.newFixedThreadPool(instances);
            CyclicBarrier start = new CyclicBarrier(instances);
            List<Future<Optional<StoredAccount>>> reads = new ArrayList<>();
            try (Connection hold = Postgres.connect(); Statement lock = hold.createStatement()) {
                hold.setAutoCommit(false);
                lock.execute("LOCK TABLE " + schema + ".mail_oauth2_tokens IN ACCESS EXCLUSIVE MODE");
                for (int i = 0; i < instances; i++) {
                    TokenStore store = open(props);
                    reads.add(pool.submit(() -> {
                        start.await();
                        return store.read(account);
                    }));
                }
                Thread.sleep(1000); // all queue behind the lock
                hold.commit();
                for (Future<Optional<StoredAccount>> read : reads) {
                    assertThat(read.get()).contains(entry("rt-old", "at-old"));
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(columns(schema)).containsSubsequence("refresh_token_issued_at", "last_refresh_at", "refusal");
            assertThat(open(props).compareAndSet(account, "rt-old", history("rt-old", "at-new"))).isTrue();
            assertThat(open(props).read(account)).contains(history("rt-old", "at-new"));
        } finally {
            dropSchema(schema);
        }
    }

    /**
     * Without the right to alter the table (here a view over it, which ALTER TABLE refuses), the store keeps
     * the tokens as before, and no history: an upgrade must not stop mail.
     */
    @Test
    void aTableThatCannotBeAlteredKeepsTheTokensOnly() throws Exception {
        String schema = schema("CREATE TABLE old_tokens (" + OLD_COLUMNS + ")",
                "CREATE VIEW mail_oauth2_tokens AS SELECT * FROM old_tokens");
        try {
            String account = Lab.newUser();
            insertOldRow(schema, account);
            TokenStore store = open(inSchema(schema));

            assertThat(store.read(account)).contains(entry("rt-old", "at-old"));
            assertThat(store.compareAndSet(account, "rt-old", history("rt-2", "at-2"))).isTrue();

            assertThat(open(inSchema(schema)).read(account)).contains(entry("rt-2", "at-2"));
            assertThat(columns(schema)).doesNotContain("refusal");
        } finally {
            dropSchema(schema);
        }
    }

    /** The columns of the table before the history: what docs/fleet.md showed a DBA. */
    private static final String OLD_COLUMNS = "account VARCHAR(320) NOT NULL PRIMARY KEY, refresh_token VARCHAR(16000),"
            + " access_token VARCHAR(16000), access_token_expires_at TIMESTAMP WITH TIME ZONE, scope VARCHAR(2000),"
            + " token_url VARCHAR(2000), client_id VARCHAR(1000), updated_at TIMESTAMP WITH TIME ZONE NOT NULL";

    private static String schema(String... ddl) throws Exception {
        String schema = "it_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = Postgres.connect(); Statement statement = c.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("SET search_path TO " + schema);
            for (String sql : ddl) {
                statement.execute(sql);
            }
        }
        return schema;
    }

    private static void dropSchema(String schema) throws Exception {
        try (Connection c = Postgres.connect(); Statement statement = c.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static Map<String, String> inSchema(String schema) {
        Map<String, String> props = Postgres.store();
        props.put("mail.oauth2.store", Postgres.URL + "?currentSchema=" + schema);
        return props;
    }

    /** The row entry("rt-old", "at-old") as the release before the history wrote it. */
    private static void insertOldRow(String schema, String account) throws Exception {
        StoredAccount old = entry("rt-old", "at-old");
        try (Connection c = Postgres.connect();
             PreparedStatement insert = c.prepareStatement("INSERT INTO " + schema + ".mail_oauth2_tokens (account,"
                     + " refresh_token, access_token, access_token_expires_at, scope, token_url, client_id, updated_at)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, account);
            insert.setString(2, old.refreshToken());
            insert.setString(3, old.accessToken());
            insert.setTimestamp(4, Timestamp.from(old.accessTokenExpiresAt()));
            insert.setString(5, old.scope());
            insert.setString(6, old.tokenUrl());
            insert.setString(7, old.clientId());
            insert.setTimestamp(8, Timestamp.from(old.updatedAt()));
            insert.executeUpdate();
        }
    }

    private static List<String> columns(String schema) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection c = Postgres.connect();
             PreparedStatement select = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                     + " WHERE table_schema = ? AND table_name = 'mail_oauth2_tokens' ORDER BY ordinal_position")) {
            select.setString(1, schema);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    columns.add(row.getString(1));
                }
            }
        }
        return columns;
    }

    /** Encrypted rows are removed at the end: other tests list the shared table without the key. */
    @Test
    void withAKeyTheTableHoldsNoTokenAndOnlyThatKeyReadsIt() throws Exception {
        Map<String, String> encrypted = Postgres.store();
        encrypted.put("mail.oauth2.store-key", KEY);
        String account = Lab.newUser();
        TokenStore store = open(encrypted);
        StoredAccount stored = entry("the-refresh-token", "the-access-token").withRefusal("invalid_grant (revoked)", NOW);
        store.compareAndSet(account, null, stored);
        try {
            assertThat(store.read(account)).contains(stored);
            assertOnlyTheKeyReads(encrypted, account, store);
        } finally {
            store.remove(account);
        }
    }

    private static void assertOnlyTheKeyReads(Map<String, String> encrypted, String account, TokenStore store) throws Exception {

        try (Connection c = Postgres.connect();
             PreparedStatement select = c.prepareStatement(
                     "SELECT refresh_token, access_token, refusal FROM mail_oauth2_tokens WHERE account = ?")) {
            select.setString(1, account);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).startsWith("aes-gcm2:").doesNotContain("the-refresh-token");
                assertThat(row.getString(2)).startsWith("aes-gcm2:").doesNotContain("the-access-token");
                assertThat(row.getString(3)).as("metadata, not encrypted").isEqualTo("invalid_grant (revoked)");
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

    /** Under a key, tokens in the clear are refused until the explicit migration ({@code accounts --seal}) encrypts them. */
    @Test
    void rowsWrittenBeforeTheKeyWasSetAreRefusedUntilSealed() throws Exception {
        String account = Lab.newUser();
        open().compareAndSet(account, null, entry("rt-1", "at-1"));
        Map<String, String> encrypted = Postgres.store();
        encrypted.put("mail.oauth2.store-key", KEY);
        TokenStore store = open(encrypted);
        try {
            assertThatThrownBy(() -> store.compareAndSet(account, "rt-1", entry("rt-2", "at-2")))
                    .hasMessageContaining("is not encrypted although a store key is set");

            Map<String, IOException> failed = new java.util.TreeMap<>();
            assertThat(((io.github.mailoauth2.internal.store.RowStore) store).seal(failed)).containsKey(account);
            assertThat(failed).doesNotContainKey(account);

            assertThat(store.compareAndSet(account, "rt-1", entry("rt-2", "at-2"))).isTrue();
            try (Connection c = Postgres.connect();
                 PreparedStatement select = c.prepareStatement("SELECT refresh_token FROM mail_oauth2_tokens WHERE account = ?")) {
                select.setString(1, account);
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getString(1)).startsWith("aes-gcm2:");
                }
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
