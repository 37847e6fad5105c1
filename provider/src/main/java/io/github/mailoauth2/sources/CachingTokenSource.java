package io.github.mailoauth2.sources;

import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import io.github.mailoauth2.token.TokenRejection;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One cached token per account in front of a {@link Fetcher}, with this contract:
 * <ul>
 * <li>a token is reused until it comes within the refresh margin of its expiry (at most half its
 *     lifetime, so that short-lived tokens are still reused); only one fetch per
 *     account runs at a time, and connects that need a token meanwhile wait for that fetch;</li>
 * <li>callers are never held up by a refresh while the cached token is still valid: one caller
 *     refreshes, the others take the cached token;</li>
 * <li>a failed refresh keeps the old token while it is valid; a token the server rejected is dropped,
 *     so the next connect fetches a new one.</li>
 * </ul>
 */
final class CachingTokenSource implements TokenSource {
    private static final System.Logger LOG = System.getLogger("io.github.mailoauth2.sources");

    /** Gets a new token for an account. */
    interface Fetcher {
        AccessToken fetch(String account, TokenRequest request) throws IOException;

        /** The server rejected {@code token}: forget it wherever it is kept. */
        default void rejected(String account, AccessToken token) throws IOException {
        }
    }

    private final Fetcher fetcher;
    private final Duration margin;
    private final String configuredAccount;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        final ReentrantLock fetching = new ReentrantLock();
        volatile Cached cached;
    }

    /** A token and when to refresh it; a token of unknown expiry is never reused. */
    private record Cached(AccessToken token, Instant refreshAt, Instant expiresAt) {
    }

    /** A cache with the configured {@code refresh-margin} (default 300 s). */
    static CachingTokenSource configured(OAuth2Config config, Fetcher fetcher, String account, Clock clock)
            throws ConfigurationException {
        return new CachingTokenSource(fetcher, margin(config), account, clock);
    }

    static Duration margin(OAuth2Config config) throws ConfigurationException {
        return config.seconds(OAuth2Properties.REFRESH_MARGIN, Duration.ofSeconds(300));
    }

    /**
     * @param configuredAccount the account to use for every user, or {@code null} to key by the connect user
     */
    CachingTokenSource(Fetcher fetcher, Duration margin, String configuredAccount, Clock clock) {
        this.fetcher = fetcher;
        this.margin = margin;
        this.configuredAccount = configuredAccount;
        this.clock = clock;
    }

    @Override
    public AccessToken token(TokenRequest request, char[] connectPassword) throws IOException {
        String account = account(request);
        Entry entry = entries.computeIfAbsent(account, a -> new Entry());
        Cached cached = entry.cached;
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.refreshAt)) {
            return cached.token;
        }
        if (cached != null && now.isBefore(cached.expiresAt)) {
            // due for refresh but still usable: refresh if nobody else is, else use it
            if (!entry.fetching.tryLock()) {
                return cached.token;
            }
            try {
                return fetchInto(entry, account, request);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "refreshing the token of " + account + " failed; using the current one until it expires at "
                        + cached.expiresAt + ": " + e.getMessage());
                return cached.token;
            } finally {
                entry.fetching.unlock();
            }
        }
        entry.fetching.lock();
        try {
            cached = entry.cached;
            return cached != null && clock.instant().isBefore(cached.refreshAt) ? cached.token : fetchInto(entry, account, request);
        } finally {
            entry.fetching.unlock();
        }
    }

    private AccessToken fetchInto(Entry entry, String account, TokenRequest request) throws IOException {
        AccessToken token = fetcher.fetch(account, request);
        Instant now = clock.instant();
        Instant expiresAt = token.expiresAt().orElse(now);
        Duration lifetime = Duration.between(now, expiresAt);
        Duration early = margin.compareTo(lifetime.dividedBy(2)) < 0 ? margin : lifetime.dividedBy(2);
        entry.cached = new Cached(token, expiresAt.minus(early), expiresAt);
        return token;
    }

    @Override
    public void rejected(TokenRequest request, AccessToken token, TokenRejection rejection) {
        String account = account(request);
        Entry entry = entries.get(account);
        Cached cached = entry == null ? null : entry.cached;
        if (cached != null && cached.token.value().equals(token.value())) {
            entry.cached = null;
        }
        try {
            fetcher.rejected(account, token);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not forget the rejected token of " + account + ": " + e.getMessage());
        }
    }

    private String account(TokenRequest request) {
        return configuredAccount != null ? configuredAccount : request.user();
    }
}
