package io.github.mailoauth2.internal.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens connections within the store's {@code timeout}, whatever the driver's own defaults: a database that
 * accepts the TCP connection and never answers leaves PostgreSQL's driver reading forever. The connect runs
 * on a daemon thread of its own, and the caller stops waiting at the deadline; a connection that arrives
 * later is closed. At most {@value #PENDING} connects wait per store, so a silent database costs a few
 * threads, not one per attempt: beyond them a connect fails at once.
 */
final class TimedConnections implements JdbcTokenStore.Connections {
    static final int PENDING = 4;

    private final JdbcTokenStore.Connections driver;
    private final Duration timeout;
    private final Semaphore pending = new Semaphore(PENDING);

    TimedConnections(JdbcTokenStore.Connections driver, Duration timeout) {
        this.driver = driver;
        this.timeout = timeout;
    }

    @Override
    public Connection open() throws SQLException {
        if (!pending.tryAcquire()) {
            throw new SQLTimeoutException(PENDING + " earlier connects are still waiting for the database to answer");
        }
        CompletableFuture<Connection> connection = new CompletableFuture<>();
        Thread connect = new Thread(() -> {
            try {
                Connection c = driver.open();
                if (!connection.complete(c)) {
                    close(c); // the caller gave up
                }
            } catch (Throwable e) {
                connection.completeExceptionally(e);
            } finally {
                pending.release();
            }
        }, "mail-oauth2 store connect");
        connect.setDaemon(true);
        connect.start();
        try {
            return connection.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandon(connection, e);
            throw new SQLTimeoutException("the database did not answer within " + timeout.toSeconds()
                    + " s (mail.oauth2.timeout)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(connection, e);
            throw new SQLException("interrupted while connecting to the database", e);
        }
    }

    /** Tells the connecting thread that nobody waits; closes a connection that arrived just now. */
    private static void abandon(CompletableFuture<Connection> connection, Exception why) {
        if (!connection.completeExceptionally(why) && !connection.isCompletedExceptionally()) {
            close(connection.join());
        }
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nobody uses it
        }
    }
}
