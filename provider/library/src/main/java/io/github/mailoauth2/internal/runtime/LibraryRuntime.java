package io.github.mailoauth2.internal.runtime;

import io.github.mailoauth2.internal.sources.TokenSourceRegistry;
import io.github.mailoauth2.token.LoginEvent;
import io.github.mailoauth2.token.TokenEventListener;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Everything mail-oauth2 keeps while an application runs: one instance per class loader of the library, made at
 * first use (the first token lookup, listener, data source or adapter claim) and dropped by {@link #release()}
 * ({@code MailOAuth2.shutdown()}), after which the next use starts afresh.
 *
 * <p>Making it costs two maps: the token sources, with their threads and plug-ins, come with the first token lookup
 * or listener, so that a JavaMail session that logs in with a password (its adapters claim protocols here) loads
 * none of them.
 */
public final class LibraryRuntime {
    private static LibraryRuntime current;

    private final Map<String, DataSource> dataSources = new ConcurrentHashMap<>();
    private final ClaimedProtocols claims = new ClaimedProtocols();
    private TokenSourceRegistry registry;
    private SessionSources sessions;

    private LibraryRuntime() {
    }

    /** The runtime, made if there is none. */
    public static synchronized LibraryRuntime current() {
        if (current == null) {
            current = new LibraryRuntime();
        }
        return current;
    }

    /**
     * Drops the runtime: every token source with its cached tokens and threads, the listeners, the data sources,
     * the claims. Does not make one if there is none.
     */
    public static void release() {
        LibraryRuntime released;
        synchronized (LibraryRuntime.class) {
            released = current;
            current = null;
        }
        if (released != null) {
            released.close();
        }
    }

    /**
     * The token source a connection's session properties configure ({@link TokenSourceRegistry#forConnection}),
     * looked up once per session properties object and protocol ({@link SessionSources}).
     */
    public static TokenSource tokenSource(String protocol, Map<String, ?> sessionProperties) throws IOException {
        return current().sessions().find(protocol, sessionProperties);
    }

    /** Adds a listener for the events of every built-in token source. */
    public void addListener(TokenEventListener listener) {
        registry().addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener that {@link #addListener} added. */
    public void removeListener(TokenEventListener listener) {
        registry().removeListener(listener);
    }

    /**
     * Registers (or with {@code null}, removes) a token source made by the application under {@code name}
     * ({@link TokenSourceRegistry#useTokenSource}). Sessions look their source up again afterwards, so a replaced
     * source is not kept by a session that found it before.
     */
    public void useTokenSource(String name, TokenSource source) {
        registry().useTokenSource(name, source);
        synchronized (this) {
            sessions = null;
        }
    }

    /** Reports a login's outcome to the listeners ({@link TokenSourceRegistry#login}). */
    public void login(String protocol, String mechanism, LoginEvent.Outcome outcome, String account,
            Map<String, ?> props, String detail) {
        registry().login(protocol, mechanism, outcome, account, props, detail);
    }

    /** Registers (or with {@code null}, removes) the data source that {@code datasource:NAME} selects. */
    public void useDataSource(String name, DataSource dataSource) {
        Objects.requireNonNull(name, "name");
        if (dataSource == null) {
            dataSources.remove(name);
        } else {
            dataSources.put(name, dataSource);
        }
    }

    /** The data source registered as {@code name}, or {@code null}. */
    public DataSource dataSource(String name) {
        return dataSources.get(name);
    }

    /** Which protocols the JavaMail adapters took over. */
    public ClaimedProtocols claims() {
        return claims;
    }

    private synchronized TokenSourceRegistry registry() {
        if (registry == null) {
            registry = new TokenSourceRegistry();
        }
        return registry;
    }

    private synchronized SessionSources sessions() {
        if (sessions == null) {
            sessions = new SessionSources(registry()::forConnection);
        }
        return sessions;
    }

    private void close() {
        TokenSourceRegistry closing;
        synchronized (this) {
            closing = registry;
            registry = null;
            sessions = null;
        }
        if (closing != null) {
            closing.close();
        }
        dataSources.clear();
    }
}
