package io.github.mailoauth2.sources;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import io.github.mailoauth2.token.TokenSource;
import io.github.mailoauth2.token.TokenSourceFactory;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks the token source for a connection from its configuration and shares it: every connection
 * whose configuration is the same gets the same source instance, and with it the same cache.
 */
public final class TokenSources {
    private static final System.Logger LOG = System.getLogger("io.github.mailoauth2.sources");
    private static final Map<Map<String, String>, TokenSource> SHARED = new ConcurrentHashMap<>();
    private static volatile Map<String, TokenSourceFactory> factories;

    private TokenSources() {
    }

    /**
     * The source for a connection of {@code protocol} configured by a JavaMail session's properties.
     * Without any {@code oauth2} configuration this is the {@code static} source: the connect password is the token.
     *
     * @throws ConfigurationException if the configuration names an unknown source, has a misspelled key,
     *         or lacks one the source needs
     */
    public static TokenSource forConnection(String protocol, Map<String, ?> sessionProperties) throws IOException {
        OAuth2Config config = OAuth2Config.of(protocol, sessionProperties);
        String name = sourceName(config);
        TokenSourceFactory factory = factories().get(name);
        if (factory == null) {
            throw new ConfigurationException(config.where(OAuth2Properties.SOURCE) + " names \"" + name
                    + "\", which no token source on the class path provides; known: " + String.join(", ", factories().keySet()));
        }
        checkSpelling(config, factory);
        Map<String, String> identity = identity(config, factory);
        TokenSource shared = SHARED.get(identity);
        if (shared == null) {
            synchronized (SHARED) {
                shared = SHARED.get(identity);
                if (shared == null) {
                    shared = factory.create(config);
                    SHARED.put(identity, shared);
                }
            }
        }
        return shared;
    }

    /** An explicit {@code source}; else {@code refresh-token} when endpoints are configured; else {@code static}. */
    private static String sourceName(OAuth2Config config) {
        return config.get(OAuth2Properties.SOURCE).orElseGet(() ->
                config.get(OAuth2Properties.PROVIDER).isPresent() || config.get(OAuth2Properties.TOKEN_URL).isPresent()
                        ? RefreshTokenSourceFactory.NAME : StaticSourceFactory.NAME);
    }

    private static void checkSpelling(OAuth2Config config, TokenSourceFactory factory) throws ConfigurationException {
        Set<String> known = new HashSet<>(OAuth2Properties.ALL);
        known.addAll(factory.extraKeys());
        for (Map.Entry<String, String> key : config.keysSet().entrySet()) {
            if (!known.contains(key.getKey())) {
                String suggestion = closest(key.getKey(), known);
                throw new ConfigurationException(key.getValue() + " is not a mail-oauth2 setting"
                        + (suggestion == null ? "" : "; did you mean " + suggestion + "?")
                        + " See docs/configuration.md for the keys");
            }
        }
    }

    /** Sources are shared by configuration: every key's value (secrets included, never shown) and the source. */
    private static Map<String, String> identity(OAuth2Config config, TokenSourceFactory factory) {
        Map<String, String> identity = new TreeMap<>();
        identity.put("factory", factory.getClass().getName());
        Set<String> keys = new HashSet<>(OAuth2Properties.ALL);
        keys.addAll(factory.extraKeys());
        for (String key : keys) {
            config.get(key).ifPresent(value -> identity.put(key, value));
        }
        return identity;
    }

    private static Map<String, TokenSourceFactory> factories() {
        Map<String, TokenSourceFactory> loaded = factories;
        if (loaded == null) {
            loaded = new LinkedHashMap<>();
            for (TokenSourceFactory factory : ServiceLoader.load(TokenSourceFactory.class, TokenSources.class.getClassLoader())) {
                TokenSourceFactory first = loaded.putIfAbsent(factory.name(), factory);
                if (first != null) {
                    LOG.log(Level.WARNING, "two token sources are named \"" + factory.name() + "\": using "
                            + first.getClass().getName() + ", ignoring " + factory.getClass().getName());
                }
            }
            factories = loaded;
        }
        return loaded;
    }

    private static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int d = distance(key.replace('_', '-').toLowerCase(java.util.Locale.ROOT), candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
