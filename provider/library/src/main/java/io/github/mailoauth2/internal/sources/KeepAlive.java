package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code keep-alive}: refreshes every stored account of one refresh-token source (same token endpoint
 * and client) that nothing has refreshed for that long, even when no connect asks: providers drop refresh
 * tokens that go unused (Microsoft after 90 days), and a mailbox read once a quarter would find its token
 * gone. Runs on the registry's timer, once per {@link #CHECK_EVERY}.
 */
final class KeepAlive implements Runnable {
    private static final System.Logger LOG = System.getLogger(KeepAlive.class.getName());
    static final Duration CHECK_EVERY = Duration.ofHours(1);

    /** Runs a task every {@code period} on a daemon thread until the registry closes. */
    @FunctionalInterface
    interface Scheduler {
        void every(Duration period, Runnable task);
    }

    private final TokenStore store;
    private final TokenEndpoint endpoint;
    private final CachingTokenSource source;
    private final Duration interval;
    private final Clock clock;

    KeepAlive(TokenStore store, TokenEndpoint endpoint, CachingTokenSource source, Duration interval, Clock clock) {
        this.store = store;
        this.endpoint = endpoint;
        this.source = source;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public void run() {
        Map<String, StoredAccount> accounts;
        try {
            accounts = store.readAll();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "keep-alive could not read the token store " + store + ": " + e.getMessage());
            return;
        }
        Instant now = clock.instant();
        accounts.forEach((account, stored) -> {
            if (stored.refreshToken() != null && endpoint.url.equals(stored.tokenUrl()) && endpoint.clientId.equals(stored.clientId())
                    && stored.updatedAt() != null && !now.isBefore(stored.updatedAt().plus(interval))) {
                try {
                    source.refresh(account);
                } catch (IOException e) {
                    // the source reported it to the event listeners; a later round tries again
                    LOG.log(Level.WARNING, "keep-alive could not refresh " + account + ": " + e.getMessage());
                }
            }
        });
    }
}
