package io.github.mailoauth2.internal.store.jdbc;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The table and its migration: created on first use if it is missing (an instance that loses the race to
 * create it finds it made), and the columns added by later releases (each refresh token's history) added to an
 * older table; without the right to, the store keeps the tokens only and logs what to run.
 */
final class TokenTable {
    /** The table; a DBA who creates it gives it exactly these columns ({@code docs/fleet.md}). */
    static final String TABLE = "mail_oauth2_tokens";
    static final int REFUSAL_LENGTH = 2000;
    /**
     * The columns of each refresh token's history, which a table made by a release before them lacks;
     * added on first use ({@code docs/fleet.md} shows the statements for a DBA). Never encrypted.
     */
    static final Map<String, String> HISTORY_COLUMNS = ordered("refresh_token_issued_at", "TIMESTAMP WITH TIME ZONE",
            "last_refresh_at", "TIMESTAMP WITH TIME ZONE", "refusal", "VARCHAR(" + REFUSAL_LENGTH + ")");
    static final int BACKOFF_CAUSE_LENGTH = 500;
    /**
     * The columns of a failure of the token endpoint that every instance backs off from, added after the history
     * columns, on first use too. Never encrypted: a time and a cause such as {@code HTTP 503}.
     */
    static final Map<String, String> BACKOFF_COLUMNS = ordered("backoff_until", "TIMESTAMP WITH TIME ZONE",
            "backoff_cause", "VARCHAR(" + BACKOFF_CAUSE_LENGTH + ")");
    static final String DDL = "CREATE TABLE " + TABLE + " ("
            + "account VARCHAR(320) NOT NULL PRIMARY KEY, "
            + "refresh_token VARCHAR(16000), "
            + "access_token VARCHAR(16000), "
            + "access_token_expires_at TIMESTAMP WITH TIME ZONE, "
            + "scope VARCHAR(2000), "
            + "token_url VARCHAR(2000), "
            + "client_id VARCHAR(1000), "
            + "updated_at TIMESTAMP WITH TIME ZONE NOT NULL"
            + definitions(HISTORY_COLUMNS) + definitions(BACKOFF_COLUMNS)
            + ")";
    private static final String COLUMNS = "refresh_token, access_token, access_token_expires_at, scope, token_url,"
            + " client_id, updated_at";
    private static final System.Logger LOG = System.getLogger(TokenTable.class.getName());

    private final Sql sql;
    private final String store;
    private volatile boolean ready;
    /** Which of the columns added later the table has; without them only the tokens are kept. */
    private volatile Layout layout = new Layout(false, false);

    /**
     * Which columns added later a table has, as found once by {@link #ensure}; a statement takes one layout for
     * all it reads or writes.
     *
     * @param history whether it has the {@link #HISTORY_COLUMNS}
     * @param backoff whether it has the {@link #BACKOFF_COLUMNS}
     */
    record Layout(boolean history, boolean backoff) {
        /** The columns a select reads for an entry. */
        String columns() {
            return COLUMNS + (history ? ", " + String.join(", ", HISTORY_COLUMNS.keySet()) : "")
                    + (backoff ? ", " + String.join(", ", BACKOFF_COLUMNS.keySet()) : "");
        }

        /** The {@code SET} part of an update of an entry, in the order {@link SealedRows#bind} sets them. */
        String assignments() {
            return columns().replace(",", " = ?,") + " = ?";
        }
    }

    /** @param store the store for messages */
    TokenTable(Sql sql, String store) {
        this.sql = sql;
        this.store = store;
    }

    /** Which columns added later the table has: known once {@link #ensure} has run, and then fixed. */
    Layout layout() {
        return layout;
    }

    /** Creates the table on first use if it is missing, and adds the columns an older one lacks. */
    void ensure() throws IOException {
        if (ready) {
            return;
        }
        sql.run("opening the table " + TABLE, () -> {
            try (Connection c = sql.open(); Statement statement = sql.statement(c)) {
                int networkTimeout = Sql.networkTimeout(c, (int) (RowLocks.LOCK_WAIT_SECONDS * 1000 + sql.timeout().toMillis()));
                try {
                    create(c, statement);
                } finally {
                    Sql.restore(c, networkTimeout);
                }
            }
            return null;
        });
        ready = true;
    }

    private void create(Connection c, Statement statement) throws SQLException {
        c.setAutoCommit(true);
        if (!tableExists(statement)) {
            try {
                statement.executeUpdate(DDL);
                LOG.log(Level.INFO, "created the table " + TABLE + " in " + store);
            } catch (SQLException e) {
                if (!tableExists(statement)) {
                    throw isPermission(e) ? new SQLException("the table does not exist, and the store's database user "
                            + user(c) + " may not create it: have a DBA create it (docs/fleet.md) and " + grant(c)
                            + ", or grant the user CREATE on the schema", e.getSQLState(), e) : e;
                }
            }
        }
        layout = new Layout(addColumns(statement, HISTORY_COLUMNS, "each refresh token's age, last refresh and refusal"),
                addColumns(statement, BACKOFF_COLUMNS, "a failure of the token endpoint that every instance backs off from"));
    }

    /**
     * Adds the {@code columns} a table made by an older release lacks. Instances starting at once
     * may all try: the database runs one {@code ALTER TABLE} at a time, and the losers find the column made.
     * Without the right to alter the table, the store keeps the tokens only and says what to run.
     *
     * @param what what the columns keep, for the warning
     * @return whether the table has them all now
     */
    private boolean addColumns(Statement statement, Map<String, String> columns, String what) throws SQLException {
        if (columnExists(statement, String.join(", ", columns.keySet()))) {
            return true;
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> column : columns.entrySet()) {
            if (columnExists(statement, column.getKey())) {
                continue;
            }
            String alter = "ALTER TABLE " + TABLE + " ADD COLUMN " + column.getKey() + " " + column.getValue();
            try {
                statement.setQueryTimeout(RowLocks.LOCK_WAIT_SECONDS); // waits for the rows other instances hold
                statement.executeUpdate(alter);
                LOG.log(Level.INFO, "added the column " + column.getKey() + " to the token store " + store);
            } catch (SQLException e) {
                if (!columnExists(statement, column.getKey())) {
                    LOG.log(Level.DEBUG, alter + " failed: " + e.getSQLState());
                    missing.add(alter);
                }
            }
        }
        if (!missing.isEmpty()) {
            LOG.log(Level.WARNING, "the token store " + store + " lacks the columns that keep " + what
                    + ", and could not add them; it keeps the tokens as before. Have them added: " + String.join("; ", missing));
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

    private static String definitions(Map<String, String> columns) {
        return columns.entrySet().stream().map(c -> ", " + c.getKey() + " " + c.getValue()).collect(Collectors.joining());
    }

    /** Column names and types, in the order given. */
    private static Map<String, String> ordered(String... namesAndTypes) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            columns.put(namesAndTypes[i], namesAndTypes[i + 1]);
        }
        return Collections.unmodifiableMap(columns);
    }
}
