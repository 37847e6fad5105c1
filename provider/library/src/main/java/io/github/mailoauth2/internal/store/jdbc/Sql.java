package io.github.mailoauth2.internal.store.jdbc;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The store's way to the database: a connection per operation, every statement and socket read bounded by
 * {@code timeout}, and a driver's failure turned into a message that names the store and no secret (cut to its
 * first line, as PostgreSQL's detail lines may show a failing row, and redacted).
 */
final class Sql {
    private static final System.Logger LOG = System.getLogger(Sql.class.getName());

    interface Work<T> {
        T run() throws SQLException, IOException;
    }

    interface ConnectionWork<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private final JdbcTokenStore.Connections connections;
    private final String store;
    private final Duration timeout;
    private final UnaryOperator<String> redaction;

    /**
     * @param store the store for messages
     * @param timeout what each connect and statement may take
     * @param redaction removes credentials from a driver's message
     */
    Sql(JdbcTokenStore.Connections connections, String store, Duration timeout, UnaryOperator<String> redaction) {
        this.connections = connections;
        this.store = store;
        this.timeout = timeout;
        this.redaction = redaction;
    }

    Duration timeout() {
        return timeout;
    }

    /** The store, for messages: its URL without credentials. */
    String store() {
        return store;
    }

    /** Runs {@code work} on a connection of its own, closed after; {@code what} says in messages what failed. */
    <T> T withConnection(String what, boolean autoCommit, ConnectionWork<T> work) throws IOException {
        return run(what, () -> {
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

    Connection open() throws SQLException {
        return connections.open();
    }

    /** A statement that takes at most {@code timeout}. */
    PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        statement.setQueryTimeout((int) timeout.toSeconds());
        return statement;
    }

    Statement statement(Connection c) throws SQLException {
        Statement statement = c.createStatement();
        statement.setQueryTimeout((int) timeout.toSeconds());
        return statement;
    }

    /**
     * Bounds each read from the database's socket, for drivers whose query timeout relies on a server that answers.
     *
     * @return the previous value, to restore; {@code -1} if the driver has none (the query timeouts still apply)
     */
    static int networkTimeout(Connection c, int millis) throws SQLException {
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
    static void restore(Connection c, int previous) {
        try {
            networkTimeout(c, previous);
        } catch (SQLException e) {
            LOG.log(Level.DEBUG, "restoring the network timeout failed: " + e.getSQLState());
        }
    }

    <T> T run(String what, Work<T> work) throws IOException {
        try {
            return work.run();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    IOException failure(String what, SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getName()
                : redaction.apply(e.getMessage().lines().findFirst().orElse(""));
        IOException failure = new IOException(what + " in the token store " + store + " failed: " + message
                + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")"));
        failure.setStackTrace(e.getStackTrace()); // where it failed, without the driver's detail lines
        return failure;
    }
}
