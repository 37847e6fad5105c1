package io.github.mailoauth2.internal.store.jdbc;

import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore.LockedAction;
import io.github.mailoauth2.store.TokenStore.Transaction;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An account's row held for one action: a transaction holding it with {@code SELECT … FOR UPDATE} (the row is
 * inserted first if missing), committed before the action's result is used, and also when the action throws after
 * a save: others wait, then read what it saved. A process that dies loses its connection, and the database rolls
 * its transaction back and releases the row.
 */
final class RowLocks {
    /** Seconds a statement waits for a row another instance holds, unless the caller says: its refresh takes at most the token timeout. */
    static final int LOCK_WAIT_SECONDS = 90;
    private static final System.Logger LOG = System.getLogger(RowLocks.class.getName());

    private final Sql sql;
    private final TokenTable table;
    private final SealedRows rows;

    RowLocks(Sql sql, TokenTable table, SealedRows rows) {
        this.sql = sql;
        this.table = table;
        this.rows = rows;
    }

    /**
     * Runs {@code action} on {@code account}'s row, held until it returns, after waiting for another instance to
     * release it until {@code maxWait} from now has passed (the connect to the database included), in whole seconds,
     * JDBC's unit, at least one.
     */
    <T> T locked(String account, Duration maxWait, LockedAction<T> action) throws IOException {
        long until = System.nanoTime() + (maxWait.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : maxWait).toNanos();
        return sql.withConnection("updating " + account, false, c -> {
            // a pool may default to a stricter level, under which a row another instance just saved fails to lock
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            int waitSeconds = (int) Math.max(1, (until - System.nanoTime() + 999_999_999) / 1_000_000_000);
            int networkTimeout = Sql.networkTimeout(c, (int) (waitSeconds * 1000L + sql.timeout().toMillis()));
            boolean committed = false;
            RowTransaction tx = null;
            try {
                tx = new RowTransaction(c, account, lockRow(c, account, waitSeconds));
                Sql.restore(c, networkTimeout);
                T result = action.run(tx);
                if (tx.exists) {
                    c.commit(); // before the result (a new access token) is used
                    committed = true;
                }
                return result;
            } catch (IOException | RuntimeException e) {
                if (tx != null && tx.saved) {
                    // Transaction.save writes at once, also when the action fails after it: e.g. a refusal recorded
                    // before it is thrown, or a rotated refresh token, which has already replaced the old one
                    try {
                        c.commit();
                        committed = true;
                    } catch (SQLException notCommitted) {
                        e.addSuppressed(sql.failure("committing what was saved for " + account, notCommitted));
                    }
                }
                throw e;
            } finally {
                if (!committed) {
                    rollback(c); // also takes back a row inserted only to be locked
                }
            }
        });
    }

    /** The sealing migration of one row: as it reads with its tokens in the clear or in the first format, saved sealed; {@code null} if none. */
    StoredAccount reseal(String account) throws IOException {
        return locked(account, Duration.ofSeconds(LOCK_WAIT_SECONDS), tx -> {
            RowTransaction row = (RowTransaction) tx;
            if (!row.exists) {
                return null;
            }
            StoredAccount entry = row.read(true);
            row.save(entry);
            rows.vouch(account, entry);
            return entry;
        });
    }

    /** Rolls back; a connection already broken has nothing to roll back, and the first failure is the one to report. */
    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.log(Level.DEBUG, "rollback failed: " + e.getSQLState());
        }
    }

    /**
     * Holds the account's row until the transaction ends; inserts an empty one if there is none. Whether it existed.
     * A wait past {@code waitSeconds} fails saying so: the driver's "query cancelled" would not tell why.
     */
    private boolean lockRow(Connection c, String account, int waitSeconds) throws SQLException, IOException {
        long started = System.nanoTime();
        try {
            return selectOrInsert(c, account, waitSeconds);
        } catch (SQLException e) {
            if (System.nanoTime() - started < waitSeconds * 1_000_000_000L) {
                throw e;
            }
            throw new IOException("timed out after " + waitSeconds + " s waiting for the row of " + account + " in the"
                    + " token store " + sql.store() + ", held by another instance's transaction (refreshing that account"
                    + " or retrying a failing token endpoint); nothing was changed");
        }
    }

    private boolean selectOrInsert(Connection c, String account, int waitSeconds) throws SQLException {
        try (PreparedStatement select = sql.prepare(c, "SELECT account FROM " + TokenTable.TABLE + " WHERE account = ? FOR UPDATE");
             PreparedStatement insert = sql.prepare(c, "INSERT INTO " + TokenTable.TABLE + " (account, updated_at) VALUES (?, ?)")) {
            select.setQueryTimeout(waitSeconds);
            select.setString(1, account);
            insert.setQueryTimeout(waitSeconds);
            insert.setString(1, account);
            insert.setTimestamp(2, Timestamp.from(Instant.now()));
            while (true) {
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        return true;
                    }
                }
                Savepoint beforeInsert = c.setSavepoint();
                try {
                    insert.executeUpdate(); // waits while another transaction's insert of the account is undecided
                    return false;
                } catch (SQLException e) {
                    if (!isDuplicateKey(e)) {
                        throw e;
                    }
                    c.rollback(beforeInsert); // another instance inserted it first: lock theirs
                }
            }
        }
    }

    private static boolean isDuplicateKey(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    /** The row held by {@link #locked}; {@code exists} is false while it is only the empty row inserted to be locked. */
    private final class RowTransaction implements Transaction {
        private final Connection c;
        private final String account;
        private boolean exists;
        private boolean saved;

        RowTransaction(Connection c, String account, boolean exists) {
            this.c = c;
            this.account = account;
            this.exists = exists;
        }

        @Override
        public Optional<StoredAccount> current() throws IOException {
            return exists ? Optional.of(read(false)) : Optional.empty();
        }

        private StoredAccount read(boolean migrating) throws IOException {
            return sql.run("reading " + account, () -> {
                TokenTable.Layout layout = table.layout();
                try (PreparedStatement select = sql.prepare(c, "SELECT " + layout.columns() + " FROM " + TokenTable.TABLE
                        + " WHERE account = ?")) {
                    select.setString(1, account);
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            throw new SQLException("the locked row is gone");
                        }
                        return rows.entry(account, row, layout, migrating);
                    }
                }
            });
        }

        @Override
        public void save(StoredAccount next) throws IOException {
            Objects.requireNonNull(next, "next");
            sql.run("saving " + account, () -> {
                TokenTable.Layout layout = table.layout();
                try (PreparedStatement update = sql.prepare(c, "UPDATE " + TokenTable.TABLE + " SET " + layout.assignments()
                        + " WHERE account = ?")) {
                    int i = rows.bind(update, 0, account, next, layout);
                    update.setString(++i, account);
                    if (update.executeUpdate() != 1) {
                        throw new SQLException("the locked row is gone");
                    }
                }
                return null;
            });
            exists = true;
            saved = true;
        }
    }
}
