package io.github.mailoauth2.internal.store.jdbc;

import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.internal.store.LockingTokenStore;
import io.github.mailoauth2.internal.store.RowStore;
import io.github.mailoauth2.store.TokenStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A {@link TokenStore} in one table of a relational database, for instances that share accounts
 * without sharing a file system. PostgreSQL is the tested engine; the SQL is standard. Its parts:
 *
 * <ul>
 *   <li><b>A connection per operation</b> ({@link Sql}), taken from the application's pool or opened with the
 *       driver and closed after: a database that was down serves the next operation, no restart.</li>
 *   <li><b>{@link #locked}</b> holds the account's row in a transaction ({@link RowLocks}).</li>
 *   <li><b>The table</b> is created, and the columns added later are added to an older table, on first use
 *       ({@link TokenTable}).</li>
 *   <li><b>{@link #compareAndSet}</b> runs in such a transaction too: with encrypted tokens the
 *       comparison cannot be done in SQL.</li>
 *   <li><b>Encrypted tokens</b> with a key, bound to the row's account, token endpoint and client
 *       ({@link SealedRows}); {@link #seal} is the migration of rows written without the key.</li>
 *   <li><b>A row that cannot be read</b> (another key, a changed endpoint) fails alone:
 *       {@link #readAll()} skips it with a warning naming it.</li>
 *   <li><b>Bounded by {@code timeout}</b>: the connect and login ({@link TimedConnections}; an application's
 *       pool has its own), and every statement; only the wait for a row another instance holds takes longer
 *       ({@value RowLocks#LOCK_WAIT_SECONDS} s, or what the caller of {@code locked} allows).</li>
 * </ul>
 * Messages name the table and the URL without credentials, never a token.
 */
final class JdbcTokenStore extends LockingTokenStore implements RowStore {
    private static final System.Logger LOG = System.getLogger(JdbcTokenStore.class.getName());

    /** Where connections come from: the application's {@code DataSource} or the driver. */
    @FunctionalInterface
    interface Connections {
        Connection open() throws SQLException;
    }

    private final String name;
    private final Sql sql;
    private final TokenTable table;
    private final SealedRows rows;
    private final RowLocks locks;

    /**
     * @param connections opens connections within {@code timeout} ({@link TimedConnections} for a driver's)
     * @param name the store for messages: the URL without credentials, or the data source's name
     * @param cipher encrypts tokens, or {@code null} to store them as they are
     * @param timeout what each connect and statement may take
     * @param redaction removes credentials from a driver's message
     */
    JdbcTokenStore(Connections connections, String name, TokenCipher cipher, Duration timeout, UnaryOperator<String> redaction) {
        this.name = Objects.requireNonNull(name, "name");
        this.sql = new Sql(Objects.requireNonNull(connections, "connections"), toString(), timeout, redaction);
        this.table = new TokenTable(sql, toString());
        this.rows = new SealedRows(cipher, toString());
        this.locks = new RowLocks(sql, table, rows);
    }

    @Override
    public Optional<StoredAccount> read(String account) throws IOException {
        Objects.requireNonNull(account, "account");
        return withTable("reading " + account, true, c -> {
            TokenTable.Layout layout = table.layout();
            try (PreparedStatement select = sql.prepare(c, "SELECT " + layout.columns() + " FROM " + TokenTable.TABLE
                    + " WHERE account = ?")) {
                select.setString(1, account);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(rows.entry(account, row, layout, false)) : Optional.empty();
                }
            }
        });
    }

    /** The accounts that can be read; each one that cannot is skipped with a warning that names it. */
    @Override
    public Map<String, StoredAccount> readAll() throws IOException {
        Map<String, IOException> unreadable = new TreeMap<>();
        Map<String, StoredAccount> all = readAll(unreadable);
        unreadable.forEach((account, why) -> LOG.log(Level.WARNING, "skipped " + account + ": " + why.getMessage()));
        return all;
    }

    @Override
    public Map<String, StoredAccount> readAll(Map<String, IOException> unreadable) throws IOException {
        return withTable("reading the accounts", true, c -> {
            TokenTable.Layout layout = table.layout();
            Map<String, StoredAccount> all = new TreeMap<>();
            try (Statement select = sql.statement(c);
                 ResultSet row = select.executeQuery("SELECT account, " + layout.columns() + " FROM " + TokenTable.TABLE)) {
                while (row.next()) {
                    String account = row.getString("account");
                    try {
                        all.put(account, rows.entry(account, row, layout, false));
                    } catch (IOException e) {
                        unreadable.put(account, e);
                    }
                }
            }
            return all;
        });
    }

    @Override
    public boolean vouchesFor(String account, StoredAccount entry) {
        return rows.vouchesFor(account, entry);
    }

    @Override
    public Map<String, StoredAccount> seal(Map<String, IOException> failed) throws IOException {
        rows.requireKey();
        List<String> accounts = withTable("listing the rows to seal", true, c -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement select = sql.prepare(c, "SELECT account FROM " + TokenTable.TABLE + " WHERE (refresh_token IS NOT NULL"
                    + " AND refresh_token NOT LIKE ?) OR (access_token IS NOT NULL AND access_token NOT LIKE ?)")) {
                select.setString(1, TokenCipher.PREFIX + "%");
                select.setString(2, TokenCipher.PREFIX + "%");
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(row.getString(1));
                    }
                }
            }
            return found;
        });
        Map<String, StoredAccount> sealed = new TreeMap<>();
        for (String account : accounts) {
            try {
                StoredAccount entry = locks.reseal(account);
                if (entry != null) {
                    sealed.put(account, entry);
                }
            } catch (IOException e) {
                failed.put(account, e);
            }
        }
        return sealed;
    }

    @Override
    public void remove(String account) throws IOException {
        Objects.requireNonNull(account, "account");
        withTable("removing " + account, true, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + TokenTable.TABLE + " WHERE account = ?")) {
                delete.setString(1, account);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public <T> T locked(String account, LockedAction<T> action) throws IOException {
        return locked(account, Duration.ofSeconds(RowLocks.LOCK_WAIT_SECONDS), action);
    }

    /** As {@link #locked(String, LockedAction)}, waiting for another instance's transaction on the row up to {@code maxWait}. */
    @Override
    public <T> T locked(String account, Duration maxWait, LockedAction<T> action) throws IOException {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(action, "action");
        table.ensure();
        return locks.locked(account, maxWait, action);
    }

    private <T> T withTable(String what, boolean autoCommit, Sql.ConnectionWork<T> work) throws IOException {
        table.ensure();
        return sql.withConnection(what, autoCommit, work);
    }

    @Override
    public String toString() {
        return name + " (table " + TokenTable.TABLE + ")";
    }
}
