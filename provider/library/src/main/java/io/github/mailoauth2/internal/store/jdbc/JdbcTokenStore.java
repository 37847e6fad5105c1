package io.github.mailoauth2.internal.store.jdbc;

import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.internal.store.LockingTokenStore;
import io.github.mailoauth2.internal.store.RowStore;
import io.github.mailoauth2.store.TokenStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A {@link TokenStore} in one table of a relational database, for instances that share accounts
 * without sharing a file system. PostgreSQL is the tested engine; the SQL is standard.
 *
 * <ul>
 *   <li><b>A connection per operation</b>, taken from the application's pool or opened with the
 *       driver and closed after: a database that was down serves the next operation, no restart.</li>
 *   <li><b>{@link #locked}</b> is a transaction holding the account's row with
 *       {@code SELECT … FOR UPDATE} (the row is inserted first if missing), committed before the
 *       action's result is used, and also when the action throws after a save: others wait, then read
 *       what it saved. A process that dies loses its connection, and the database rolls its
 *       transaction back and releases the row.</li>
 *   <li><b>Columns added later</b> (each refresh token's history) are added to an older table on
 *       first use; without the right to, the store keeps the tokens only and logs what to run.</li>
 *   <li><b>{@link #compareAndSet}</b> runs in such a transaction too: with encrypted tokens the
 *       comparison cannot be done in SQL.</li>
 *   <li><b>Encrypted tokens</b> with a key ({@link TokenCipher}), bound to the row's account, token endpoint
 *       and client: whoever can write the table without the key can neither read them nor point them at another
 *       endpoint. Under a key, a token that is not encrypted is refused (it was planted, or written before the
 *       key: {@link #seal} is the migration); tokens encrypted before endpoints were bound are read, and
 *       {@link #vouchesFor} says their endpoint is not authenticated.</li>
 *   <li><b>A row that cannot be read</b> (another key, a changed endpoint) fails alone:
 *       {@link #readAll()} skips it with a warning naming it.</li>
 *   <li><b>Bounded by {@code timeout}</b>: the connect and login ({@link TimedConnections}; an application's
 *       pool has its own), and every statement; only the wait for a row another instance holds takes longer
 *       ({@value #LOCK_WAIT_SECONDS} s).</li>
 * </ul>
 * Messages name the table and the URL without credentials, never a token: a driver's message is cut
 * to its first line, as PostgreSQL's detail lines may show a failing row, and redacted.
 */
final class JdbcTokenStore extends LockingTokenStore implements RowStore {
    /** The table; a DBA who creates it gives it exactly these columns ({@code docs/fleet.md}). */
    static final String TABLE = "mail_oauth2_tokens";
    private static final int REFUSAL_LENGTH = 2000;
    /**
     * The columns of each refresh token's history, which a table made by a release before them lacks;
     * added on first use ({@code docs/fleet.md} shows the statements for a DBA). Never encrypted.
     */
    static final Map<String, String> HISTORY_COLUMNS = history();
    static final String DDL = "CREATE TABLE " + TABLE + " ("
            + "account VARCHAR(320) NOT NULL PRIMARY KEY, "
            + "refresh_token VARCHAR(16000), "
            + "access_token VARCHAR(16000), "
            + "access_token_expires_at TIMESTAMP WITH TIME ZONE, "
            + "scope VARCHAR(2000), "
            + "token_url VARCHAR(2000), "
            + "client_id VARCHAR(1000), "
            + "updated_at TIMESTAMP WITH TIME ZONE NOT NULL"
            + HISTORY_COLUMNS.entrySet().stream().map(c -> ", " + c.getKey() + " " + c.getValue()).collect(Collectors.joining())
            + ")";
    private static final String COLUMNS = "refresh_token, access_token, access_token_expires_at, scope, token_url,"
            + " client_id, updated_at";
    /** Seconds a statement waits for a row another instance holds: its refresh takes at most the token timeout. */
    private static final int LOCK_WAIT_SECONDS = 90;
    private static final System.Logger LOG = System.getLogger(JdbcTokenStore.class.getName());

    /** Where connections come from: the application's {@code DataSource} or the driver. */
    @FunctionalInterface
    interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;
    private final String name;
    private final TokenCipher cipher;
    private final Duration timeout;
    private final UnaryOperator<String> redaction;
    /** Per account, the endpoint and client its row authenticated with the key when last read. */
    private final Map<String, String> vouched = new ConcurrentHashMap<>();
    private volatile boolean tableReady;
    /** Whether the table has the {@link #HISTORY_COLUMNS}; without them only the tokens are kept. */
    private volatile boolean hasHistory;

    /**
     * @param connections opens connections within {@code timeout} ({@link TimedConnections} for a driver's)
     * @param name the store for messages: the URL without credentials, or the data source's name
     * @param cipher encrypts tokens, or {@code null} to store them as they are
     * @param timeout what each connect and statement may take
     * @param redaction removes credentials from a driver's message
     */
    JdbcTokenStore(Connections connections, String name, TokenCipher cipher, Duration timeout, UnaryOperator<String> redaction) {
        this.timeout = timeout;
        this.connections = Objects.requireNonNull(connections, "connections");
        this.name = Objects.requireNonNull(name, "name");
        this.cipher = cipher;
        this.redaction = redaction;
    }

    @Override
    public Optional<StoredAccount> read(String account) throws IOException {
        Objects.requireNonNull(account, "account");
        return withConnection("reading " + account, true, c -> {
            try (PreparedStatement select = prepare(c, "SELECT " + columns() + " FROM " + TABLE + " WHERE account = ?")) {
                select.setString(1, account);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(entry(account, row, false)) : Optional.empty();
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
        return withConnection("reading the accounts", true, c -> {
            Map<String, StoredAccount> all = new TreeMap<>();
            try (Statement select = statement(c);
                 ResultSet row = select.executeQuery("SELECT account, " + columns() + " FROM " + TABLE)) {
                while (row.next()) {
                    String account = row.getString("account");
                    try {
                        all.put(account, entry(account, row, false));
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
        return cipher == null || endpoint(entry.tokenUrl(), entry.clientId()).equals(vouched.get(account));
    }

    private static String endpoint(String tokenUrl, String clientId) {
        return tokenUrl + "\0" + clientId;
    }

    @Override
    public Map<String, StoredAccount> seal(Map<String, IOException> failed) throws IOException {
        if (cipher == null) {
            throw new IOException("no store key is set for " + this + ": set mail.oauth2.store-key (or $MAIL_OAUTH2_STORE_KEY)"
                    + " to the key its tokens are to be encrypted with");
        }
        List<String> accounts = withConnection("listing the rows to seal", true, c -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement select = prepare(c, "SELECT account FROM " + TABLE + " WHERE (refresh_token IS NOT NULL"
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
                StoredAccount entry = locked(account, tx -> ((RowTransaction) tx).reseal());
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
        withConnection("removing " + account, true, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE account = ?")) {
                delete.setString(1, account);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public <T> T locked(String account, LockedAction<T> action) throws IOException {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(action, "action");
        return withConnection("updating " + account, false, c -> {
            // a pool may default to a stricter level, under which a row another instance just saved fails to lock
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            int networkTimeout = networkTimeout(c, (int) (LOCK_WAIT_SECONDS * 1000 + timeout.toMillis()));
            boolean committed = false;
            RowTransaction tx = null;
            try {
                tx = new RowTransaction(c, account, lockRow(c, account));
                restore(c, networkTimeout);
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
                        e.addSuppressed(failure("committing what was saved for " + account, notCommitted));
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

    /** Rolls back; a connection already broken has nothing to roll back, and the first failure is the one to report. */
    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.log(Level.DEBUG, "rollback failed: " + e.getSQLState());
        }
    }

    /** Holds the account's row until the transaction ends; inserts an empty one if there is none. Whether it existed. */
    private boolean lockRow(Connection c, String account) throws SQLException {
        try (PreparedStatement select = prepare(c, "SELECT account FROM " + TABLE + " WHERE account = ? FOR UPDATE");
             PreparedStatement insert = prepare(c, "INSERT INTO " + TABLE + " (account, updated_at) VALUES (?, ?)")) {
            select.setQueryTimeout(LOCK_WAIT_SECONDS);
            select.setString(1, account);
            insert.setQueryTimeout(LOCK_WAIT_SECONDS);
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

        /** {@link #seal}: the row as it reads with its tokens in the clear or in the first format, saved sealed; {@code null} if none. */
        StoredAccount reseal() throws IOException {
            if (!exists) {
                return null;
            }
            StoredAccount entry = read(true);
            save(entry);
            vouched.put(account, endpoint(entry.tokenUrl(), entry.clientId()));
            return entry;
        }

        private StoredAccount read(boolean migrating) throws IOException {
            return sql("reading " + account, () -> {
                try (PreparedStatement select = prepare(c, "SELECT " + columns() + " FROM " + TABLE + " WHERE account = ?")) {
                    select.setString(1, account);
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            throw new SQLException("the locked row is gone");
                        }
                        return entry(account, row, migrating);
                    }
                }
            });
        }

        @Override
        public void save(StoredAccount next) throws IOException {
            Objects.requireNonNull(next, "next");
            sql("saving " + account, () -> {
                boolean history = hasHistory;
                try (PreparedStatement update = prepare(c, "UPDATE " + TABLE + " SET refresh_token = ?,"
                        + " access_token = ?, access_token_expires_at = ?, scope = ?, token_url = ?, client_id = ?,"
                        + " updated_at = ?" + (history ? HISTORY_COLUMNS.keySet().stream().map(k -> ", " + k + " = ?")
                        .collect(Collectors.joining()) : "") + " WHERE account = ?")) {
                    int i = 0;
                    update.setString(++i, seal(account, "refresh_token", next, next.refreshToken()));
                    update.setString(++i, seal(account, "access_token", next, next.accessToken()));
                    update.setTimestamp(++i, timestamp(next.accessTokenExpiresAt()));
                    update.setString(++i, next.scope());
                    update.setString(++i, next.tokenUrl());
                    update.setString(++i, next.clientId());
                    update.setTimestamp(++i, timestamp(next.updatedAt()));
                    if (history) { // metadata, never encrypted
                        update.setTimestamp(++i, timestamp(next.refreshTokenIssuedAt()));
                        update.setTimestamp(++i, timestamp(next.lastRefreshAt()));
                        update.setString(++i, next.refusal() == null || next.refusal().length() <= REFUSAL_LENGTH
                                ? next.refusal() : next.refusal().substring(0, REFUSAL_LENGTH));
                    }
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

    private String columns() {
        return hasHistory ? COLUMNS + ", " + String.join(", ", HISTORY_COLUMNS.keySet()) : COLUMNS;
    }

    /**
     * The row's entry, its tokens opened; records whether the key authenticated its endpoint ({@link #vouchesFor}).
     *
     * @param migrating whether tokens in the clear are taken under a key ({@link #seal} only)
     */
    private StoredAccount entry(String account, ResultSet row, boolean migrating) throws SQLException, IOException {
        boolean history = hasHistory; // as in the select: set once, before the first one
        String tokenUrl = row.getString("token_url");
        String clientId = row.getString("client_id");
        String refreshToken = row.getString("refresh_token");
        String accessToken = row.getString("access_token");
        StoredAccount entry = new StoredAccount(open(account, "refresh_token", tokenUrl, clientId, refreshToken, migrating),
                open(account, "access_token", tokenUrl, clientId, accessToken, migrating),
                instant(row, "access_token_expires_at"), row.getString("scope"), tokenUrl, clientId, instant(row, "updated_at"),
                history ? instant(row, "refresh_token_issued_at") : null, history ? instant(row, "last_refresh_at") : null,
                history ? row.getString("refusal") : null);
        boolean authenticated = (refreshToken != null || accessToken != null)
                && (refreshToken == null || TokenCipher.bindsEndpoint(refreshToken))
                && (accessToken == null || TokenCipher.bindsEndpoint(accessToken));
        if (authenticated) {
            vouched.put(account, endpoint(tokenUrl, clientId));
        }
        return entry;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp t = row.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private String seal(String account, String column, StoredAccount next, String plain) throws IOException {
        if (cipher == null) {
            return plain;
        }
        try {
            return cipher.seal(account, column, next.tokenUrl(), next.clientId(), plain);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt the " + column + " of " + account + " for " + this + ": " + e.getMessage());
        }
    }

    private String open(String account, String column, String tokenUrl, String clientId, String value, boolean migrating)
            throws IOException {
        if (!TokenCipher.isSealed(value)) {
            if (value != null && cipher != null && !migrating) {
                throw new IOException("the " + column + " of " + account + " in " + this + " is not encrypted although a"
                        + " store key is set: it was written without the key, by someone who may not be trusted with it."
                        + " If the row predates the key, encrypt the table's rows once with: mail-oauth2 accounts --seal"
                        + " (docs/security.md)");
            }
            return value;
        }
        if (cipher == null) {
            throw new IOException("the " + column + " of " + account + " in " + this + " is encrypted, and no key is"
                    + " set: set mail.oauth2.store-key (or $MAIL_OAUTH2_STORE_KEY) to the key it was written with");
        }
        try {
            return cipher.open(account, column, tokenUrl, clientId, value);
        } catch (GeneralSecurityException e) {
            throw new IOException("the " + column + " of " + account + " in " + this + " does not decrypt with the"
                    + " configured store key: it was written with another key, or the row (its token endpoint " + tokenUrl
                    + ", client " + clientId + ") was changed in the table");
        }
    }

    private interface Work<T> {
        T run() throws SQLException, IOException;
    }

    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private <T> T withConnection(String what, boolean autoCommit, ConnectionWork<T> work) throws IOException {
        ensureTable();
        return sql(what, () -> {
            try (Connection c = connections.open()) {
                int networkTimeout = networkTimeout(c, (int) timeout.toMillis());
                try {
                    c.setAutoCommit(autoCommit);
                    return work.run(c);
                } finally {
                    restore(c, networkTimeout); // an application's pool keeps its connections' settings
                }
            }
        });
    }

    /** A statement that takes at most {@code timeout}. */
    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        statement.setQueryTimeout((int) timeout.toSeconds());
        return statement;
    }

    private Statement statement(Connection c) throws SQLException {
        Statement statement = c.createStatement();
        statement.setQueryTimeout((int) timeout.toSeconds());
        return statement;
    }

    /**
     * Bounds each read from the database's socket, for drivers whose query timeout relies on a server that answers.
     *
     * @return the previous value, to restore; {@code -1} if the driver has none (the query timeouts still apply)
     */
    private static int networkTimeout(Connection c, int millis) throws SQLException {
        if (millis < 0) {
            return -1;
        }
        try {
            int previous = c.getNetworkTimeout();
            c.setNetworkTimeout(Runnable::run, millis);
            return previous;
        } catch (SQLFeatureNotSupportedException | AbstractMethodError e) {
            return -1;
        }
    }

    /** Puts back what {@link #networkTimeout} replaced; a connection that broke has nothing to restore, and its failure is the one to report. */
    private static void restore(Connection c, int previous) {
        try {
            networkTimeout(c, previous);
        } catch (SQLException e) {
            LOG.log(Level.DEBUG, "restoring the network timeout failed: " + e.getSQLState());
        }
    }

    private <T> T sql(String what, Work<T> work) throws IOException {
        try {
            return work.run();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Creates the table on first use if it is missing; an instance that loses the race to create it finds it made. */
    private void ensureTable() throws IOException {
        if (tableReady) {
            return;
        }
        sql("opening the table " + TABLE, () -> {
            try (Connection c = connections.open(); Statement statement = statement(c)) {
                int networkTimeout = networkTimeout(c, (int) (LOCK_WAIT_SECONDS * 1000 + timeout.toMillis()));
                try {
                    create(c, statement);
                } finally {
                    restore(c, networkTimeout);
                }
            }
            return null;
        });
        tableReady = true;
    }

    /** Creates the table if it is missing and adds the history columns an older one lacks. */
    private void create(Connection c, Statement statement) throws SQLException {
        c.setAutoCommit(true);
        if (!tableExists(statement)) {
            try {
                statement.executeUpdate(DDL);
                LOG.log(Level.INFO, "created the table " + TABLE + " in " + this);
            } catch (SQLException e) {
                if (!tableExists(statement)) {
                    throw isPermission(e) ? new SQLException("the table does not exist, and the store's database user "
                            + user(c) + " may not create it: have a DBA create it (docs/fleet.md) and " + grant(c)
                            + ", or grant the user CREATE on the schema", e.getSQLState(), e) : e;
                }
            }
        }
        hasHistory = addHistoryColumns(statement);
    }

    /**
     * Adds the {@link #HISTORY_COLUMNS} a table made by an older release lacks. Instances starting at once
     * may all try: the database runs one {@code ALTER TABLE} at a time, and the losers find the column made.
     * Without the right to alter the table, the store keeps the tokens only and says what to run.
     *
     * @return whether the table has them all now
     */
    private boolean addHistoryColumns(Statement statement) throws SQLException {
        if (columnExists(statement, String.join(", ", HISTORY_COLUMNS.keySet()))) {
            return true;
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> column : HISTORY_COLUMNS.entrySet()) {
            if (columnExists(statement, column.getKey())) {
                continue;
            }
            String alter = "ALTER TABLE " + TABLE + " ADD COLUMN " + column.getKey() + " " + column.getValue();
            try {
                statement.setQueryTimeout(LOCK_WAIT_SECONDS); // waits for the rows other instances hold
                statement.executeUpdate(alter);
                LOG.log(Level.INFO, "added the column " + column.getKey() + " to the token store " + this);
            } catch (SQLException e) {
                if (!columnExists(statement, column.getKey())) {
                    LOG.log(Level.DEBUG, alter + " failed: " + e.getSQLState());
                    missing.add(alter);
                }
            }
        }
        if (!missing.isEmpty()) {
            LOG.log(Level.WARNING, "the token store " + this + " lacks the columns that keep each refresh token's age,"
                    + " last refresh and refusal, and could not add them; it keeps the tokens as before. Have them added: "
                    + String.join("; ", missing));
        }
        return missing.isEmpty();
    }

    /** Whether the table is there; a user who may not read it is told which grant is missing. */
    private static boolean tableExists(Statement statement) throws SQLException {
        try {
            statement.executeQuery("SELECT account FROM " + TABLE + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            if (isPermission(e)) {
                Connection c = statement.getConnection();
                throw new SQLException("the store's database user " + user(c) + " may not read the table: " + grant(c),
                        e.getSQLState(), e);
            }
            if (e.getSQLState() != null && e.getSQLState().startsWith("42")) {
                return false;
            }
            throw e;
        }
    }

    /** SQL's insufficient privilege. */
    private static boolean isPermission(SQLException e) {
        return "42501".equals(e.getSQLState());
    }

    private static String user(Connection c) {
        try {
            return c.getMetaData().getUserName();
        } catch (SQLException e) {
            return "(unknown)";
        }
    }

    private static String grant(Connection c) {
        return "GRANT SELECT, INSERT, UPDATE, DELETE ON " + TABLE + " TO " + user(c);
    }

    private static boolean columnExists(Statement statement, String columns) throws SQLException {
        try {
            statement.executeQuery("SELECT " + columns + " FROM " + TABLE + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("42")) {
                // syntax error or access rule violation: PostgreSQL's undefined table is 42P01, undefined column 42703
                return false;
            }
            throw e;
        }
    }

    private static Map<String, String> history() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("refresh_token_issued_at", "TIMESTAMP WITH TIME ZONE");
        columns.put("last_refresh_at", "TIMESTAMP WITH TIME ZONE");
        columns.put("refusal", "VARCHAR(" + REFUSAL_LENGTH + ")");
        return Collections.unmodifiableMap(columns);
    }

    private IOException failure(String what, SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getName()
                : redaction.apply(e.getMessage().lines().findFirst().orElse(""));
        IOException failure = new IOException(what + " in the token store " + this + " failed: " + message
                + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")"));
        failure.setStackTrace(e.getStackTrace()); // where it failed, without the driver's detail lines
        return failure;
    }

    @Override
    public String toString() {
        return name + " (table " + TABLE + ")";
    }
}
