package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.internal.CommandLineToolkit;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.LoginEvent;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import io.github.mailoauth2.token.TokenEventListener;
import io.github.mailoauth2.token.TokenSource;
import io.github.mailoauth2.token.TokenSourceFactory;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the token sources of one application: picks the source a connection's configuration names,
 * shares it between every connection with the same configuration (so they share its cache), and
 * runs the refreshes that the caches start ahead of expiry on its own daemon threads.
 *
 * <p>Sources are keyed by a SHA-256 digest of their configuration, so no secret is kept as a key.
 * {@link #close()} drops every source and its cached tokens and stops the threads: what a web
 * application being undeployed calls, through {@code MailOAuth2.shutdown()}.
 */
@CommandLineToolkit
public final class TokenSourceRegistry implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TokenSourceRegistry.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** The built-in sources' names: each factory is made on first use, so that a static token loads none of the others. */
    private static final List<String> BUILT_IN = List.of(StaticSourceFactory.NAME, RefreshTokenSourceFactory.NAME,
            ClientCredentialsSourceFactory.NAME, GoogleServiceAccountSourceFactory.NAME, CommandSourceFactory.NAME);

    private final ThreadPoolExecutor background;
    /** The keep-alive timer, made for the first source that asks for one. */
    private ScheduledExecutorService timer;
    /** The plug-ins by name; the built-in factories are made when a connection first names them ({@link #factory}). */
    private final Map<String, TokenSourceFactory> plugIns;
    private final Map<String, TokenSourceFactory> builtIns = new ConcurrentHashMap<>();
    private final Map<String, TokenSource> shared = new ConcurrentHashMap<>();
    /** The sources the application made, by the name sessions select them with. */
    private final Map<String, TokenSource> fromCode = new ConcurrentHashMap<>();
    private final TokenEvents events;

    /**
     * The built-in sources, then the plug-ins that {@link ServiceLoader} finds with this class's loader;
     * the event listeners it finds likewise.
     */
    public TokenSourceRegistry() {
        this(ServiceLoader.load(TokenSourceFactory.class, TokenSourceRegistry.class.getClassLoader()),
                ServiceLoader.load(TokenEventListener.class, TokenSourceRegistry.class.getClassLoader()));
    }

    TokenSourceRegistry(Iterable<TokenSourceFactory> plugIns) {
        this(plugIns, List.of());
    }

    TokenSourceRegistry(Iterable<TokenSourceFactory> plugIns, Iterable<TokenEventListener> listeners) {
        events = new TokenEvents(listeners);
        // at most two refreshes at once; idle threads end after 30 s, so an idle application has none
        background = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons("mail-oauth2-refresh-"));
        background.allowCoreThreadTimeOut(true);
        Map<String, TokenSourceFactory> byName = new LinkedHashMap<>();
        for (TokenSourceFactory factory : plugIns) {
            String name = factory.name();
            TokenSourceFactory first = byName.putIfAbsent(name, factory);
            if (first != null || BUILT_IN.contains(name)) {
                LOG.log(Level.WARNING, "two token sources are named \"" + name + "\": using "
                        + (first != null ? first.getClass().getName() : "the built-in one") + ", ignoring "
                        + factory.getClass().getName());
                if (first == null) {
                    byName.remove(name);
                }
            }
        }
        this.plugIns = byName;
    }

    /** The names of the built-in sources and the plug-ins, in this order. */
    private List<String> names() {
        List<String> names = new ArrayList<>(BUILT_IN);
        names.addAll(plugIns.keySet());
        return names;
    }

    /** The factory named {@code name}: a built-in one (made now if new), else a plug-in, else {@code null}. */
    private TokenSourceFactory factory(String name) {
        if (!BUILT_IN.contains(name)) {
            return plugIns.get(name);
        }
        TokenSourceFactory factory = builtIns.get(name);
        if (factory == null) {
            synchronized (builtIns) {
                factory = builtIns.get(name);
                if (factory == null) {
                    factory = switch (name) {
                        case StaticSourceFactory.NAME -> new StaticSourceFactory();
                        case RefreshTokenSourceFactory.NAME -> new RefreshTokenSourceFactory(background, events, this::every);
                        case ClientCredentialsSourceFactory.NAME -> new ClientCredentialsSourceFactory(background, events);
                        case GoogleServiceAccountSourceFactory.NAME -> new GoogleServiceAccountSourceFactory(background, events);
                        default -> new CommandSourceFactory(background, events);
                    };
                    builtIns.put(name, factory);
                }
            }
        }
        return factory;
    }

    /**
     * The source for a connection of {@code protocol} configured by a JavaMail session's properties.
     * Without any {@code oauth2} configuration this is the {@code static} source: the connect password is the token.
     *
     * @throws ConfigurationException if the configuration names an unknown source, has a misspelled key,
     *         or lacks one the source needs
     * @throws IllegalStateException if the registry has been closed
     */
    public TokenSource forConnection(String protocol, Map<String, ?> sessionProperties) throws IOException {
        if (background.isShutdown()) {
            throw new IllegalStateException("mail-oauth2's token sources have been shut down");
        }
        OAuth2Config config = OAuth2Config.of(protocol, sessionProperties);
        String name = sourceName(config);
        TokenSource own = fromCode.get(name);
        if (own != null) {
            KeySpelling.check(config, OAuth2Properties.ALL);
            return own;
        }
        TokenSourceFactory factory = factory(name);
        if (factory == null) {
            Set<String> fromCodeNames = new TreeSet<>(fromCode.keySet());
            throw new ConfigurationException(config.where(OAuth2Properties.SOURCE) + " names \"" + name
                    + "\", which no token source on the class path provides; known: " + String.join(", ", names())
                    + (fromCodeNames.isEmpty() ? "" : "; from code (MailOAuth2.useTokenSource): " + String.join(", ", fromCodeNames)));
        }
        Set<String> keys = new HashSet<>(OAuth2Properties.ALL);
        keys.addAll(factory.extraKeys());
        KeySpelling.check(config, keys);
        String identity = identity(config, factory, keys);
        TokenSource source = shared.get(identity);
        if (source == null) {
            synchronized (shared) {
                source = shared.get(identity);
                if (source == null) {
                    source = factory.create(config);
                    shared.put(identity, source);
                }
            }
        }
        return source;
    }

    /**
     * Makes {@code source} the one that {@code mail.oauth2.source=NAME} selects; {@code null} removes the name.
     *
     * @throws IllegalArgumentException if {@code name} is blank, or a built-in or plug-in source's
     */
    public void useTokenSource(String name, TokenSource source) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || names().contains(name)) {
            throw new IllegalArgumentException("mail-oauth2: a token source from code cannot be named \"" + name + "\": "
                    + (name.isBlank() ? "the name is blank" : "a built-in or plug-in source has that name")
                    + "; choose another name (taken: " + String.join(", ", names()) + ")");
        }
        if (source == null) {
            fromCode.remove(name);
        } else {
            fromCode.put(name, new ApplicationTokenSource(name, source));
        }
    }

    /** Hands the listeners a login's outcome, stamped with the name of the source that the login's configuration selects. */
    public void login(String protocol, String mechanism, LoginEvent.Outcome outcome, String account,
                      Map<String, ?> sessionProperties, String detail) {
        String source = sourceName(OAuth2Config.of(protocol, sessionProperties));
        events.login(new LoginEvent(protocol, mechanism, outcome, account, source, Instant.now(), detail));
    }

    /** An explicit {@code source}; else {@code refresh-token} when endpoints are configured; else {@code static}. */
    private static String sourceName(OAuth2Config config) {
        return config.get(OAuth2Properties.SOURCE).orElseGet(() ->
                Preset.named(config) || config.get(OAuth2Properties.TOKEN_URL).isPresent()
                        ? RefreshTokenSourceFactory.NAME : StaticSourceFactory.NAME);
    }

    /**
     * A digest of the factory and every key's value (secrets included), so that the key reveals none. With no value
     * set (the static source of a session without {@code oauth2} keys) there is nothing to hide: the factory's name is
     * the key, and a cold start loads no digest code.
     */
    private static String identity(OAuth2Config config, TokenSourceFactory factory, Set<String> keys) {
        Map<String, String> values = new TreeMap<>();
        for (String key : keys) {
            config.get(key).ifPresent(value -> values.put(key, value));
        }
        if (values.isEmpty()) {
            return factory.getClass().getName();
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(factory.getClass().getName().getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> e : values.entrySet()) {
                // length-prefixed, so that no two different configurations feed the same bytes
                for (String part : new String[] {e.getKey(), e.getValue()}) {
                    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                    sha256.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                    sha256.update((byte) ':');
                    sha256.update(bytes);
                }
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Daemon threads named {@code prefix} and a number: they never keep the JVM alive. */
    private static ThreadFactory daemons(String prefix) {
        return task -> {
            Thread thread = new Thread(task, prefix + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Runs {@code task} every {@code period} on a daemon thread of its own until {@link #close()}. */
    private synchronized Future<?> every(Duration period, Runnable task) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(daemons("mail-oauth2-keep-alive-"));
        }
        return timer.scheduleWithFixedDelay(task, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Adds a listener for the events of every source of this registry (the built-in ones; plug-ins report none). */
    public void addListener(TokenEventListener listener) {
        events.add(listener);
    }

    /** Removes a listener that {@link #addListener} added. */
    public void removeListener(TokenEventListener listener) {
        events.remove(listener);
    }

    /** Drops every source and its cached tokens and stops the refresh threads; later lookups fail. */
    @Override
    public void close() {
        background.shutdownNow();
        synchronized (this) {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
        shared.clear();
        fromCode.clear();
    }
}
