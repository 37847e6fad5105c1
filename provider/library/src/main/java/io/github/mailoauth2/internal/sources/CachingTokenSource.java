package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.internal.ServerText;
import io.github.mailoauth2.internal.IssuedToken;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenEvent;
import io.github.mailoauth2.token.TokenRejection;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One cached token per account in front of a {@link Fetcher}, with this contract (Caffeine's
 * {@code refreshAfterWrite}):
 * <ul>
 * <li>a token is handed out until its {@link RefreshPolicy} says it is due; then one refresh starts
 *     in the background and every caller, the one that noticed included, goes on with the cached
 *     token while it is still valid;</li>
 * <li>a caller waits only when no valid token is cached, and then for the one fetch of that account
 *     in progress, never for a second one: one fetch per account at a time;</li>
 * <li>a failed fetch fails every caller waiting for it, and for a short back-off
 *     ({@link RefreshPolicy#backoffAfterFailure}) callers without a valid token fail at once with the
 *     same error instead of starting another; a failed background refresh keeps the old token while it
 *     is valid and is tried again after a pause; a token the server rejected is dropped, so the next
 *     connect fetches a new one.</li>
 * </ul>
 * Every failure reaches callers as an {@link IOException}: an unchecked exception from a fetcher is
 * wrapped, never thrown at a SASL client.
 */
final class CachingTokenSource implements TokenSource, IssuedToken.Source {
    private static final System.Logger LOG = System.getLogger(CachingTokenSource.class.getName());
    /** After a failed background refresh, the next one waits this long (or until the token expires). */
    static final Duration RETRY_PAUSE = Duration.ofSeconds(30);

    /** Gets a new token for an account. */
    interface Fetcher {
        AccessToken fetch(String account, TokenRequest request) throws IOException;

        /**
         * A token obtained after {@code since}, for {@link KeepAlive}: a token saved by an earlier fetch, still
         * good, must not pass for a refresh. Fetchers that keep nothing fetch anew anyway.
         */
        default AccessToken fetchAfter(String account, TokenRequest request, Instant since) throws IOException {
            return fetch(account, request);
        }

        /** The server rejected {@code token}: forget it wherever it is kept. */
        default void rejected(String account, AccessToken token) throws IOException {
        }
    }

    private final Fetcher fetcher;
    private final RefreshPolicy policy;
    private final String configuredAccount;
    private final Clock clock;
    private final Executor background;
    private final TokenEvents.Sink events;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** A token, when it was fetched, when to refresh it, when it expires; a token of unknown expiry is never reused. */
    private record Cached(AccessToken token, Instant fetchedAt, Instant refreshAt, Instant expiresAt) {
    }

    /** The last fetch failed: until {@code until}, callers without a valid token get its error at once. */
    private record Failure(IOException error, Instant until) {
    }

    private static final class Entry {
        volatile Cached cached;
        volatile Failure failure;
        /** No background refresh before this instant (after a failed one). */
        volatile Instant quietUntil = Instant.MIN;
        /** The fetch in progress, if any; guarded by this entry. */
        CompletableFuture<Cached> inflight;
    }

    /**
     * @param configuredAccount the account to use for every user, or {@code null} to key by the connect user
     * @param background runs refreshes ahead of expiry
     * @param events where each fetch's outcome and each rejection is reported
     */
    CachingTokenSource(Fetcher fetcher, RefreshPolicy policy, String configuredAccount, Clock clock, Executor background,
                       TokenEvents.Sink events) {
        this.fetcher = fetcher;
        this.policy = policy;
        this.configuredAccount = configuredAccount;
        this.clock = clock;
        this.background = background;
        this.events = events;
    }

    @Override
    public AccessToken token(TokenRequest request, char[] connectPassword) throws IOException {
        return issue(request, connectPassword).token();
    }

    @Override
    public IssuedToken issue(TokenRequest request, char[] connectPassword) throws IOException {
        String account = account(request);
        Entry entry = entries.computeIfAbsent(account, a -> new Entry());
        Cached cached = entry.cached;
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.expiresAt)) {
            if (!now.isBefore(cached.refreshAt) && !now.isBefore(entry.quietUntil)) {
                refreshInBackground(entry, account, request, cached);
            }
            return new IssuedToken(cached.token, true);
        }
        CompletableFuture<Cached> mine = null;
        CompletableFuture<Cached> running;
        Failure failure = null;
        synchronized (entry) {
            running = entry.inflight;
            if (running == null) {
                failure = entry.failure;
                if (failure == null || !now.isBefore(failure.until)) {
                    running = mine = new CompletableFuture<>();
                    entry.inflight = mine;
                }
            }
        }
        if (running == null) {
            // the same error, and the first one as its cause: where it happened
            throw new IOException(failure.error.getMessage(), failure.error);
        }
        if (mine != null) {
            fetch(entry, account, request, null, mine);
        }
        return new IssuedToken(await(running).token, false);
    }

    /**
     * Fetches a token newer than {@code since} for {@code account} on this thread, unless this source fetched
     * one after {@code since} or a fetch of it is already running (that one's outcome will do): what
     * {@link KeepAlive} calls.
     */
    void refresh(String account, Instant since) throws IOException {
        Entry entry = entries.computeIfAbsent(account, a -> new Entry());
        CompletableFuture<Cached> mine;
        synchronized (entry) {
            Cached cached = entry.cached;
            if (entry.inflight != null || cached != null && cached.fetchedAt.isAfter(since)) {
                return;
            }
            mine = new CompletableFuture<>();
            entry.inflight = mine;
        }
        fetch(entry, account, new TokenRequest(account, "keep-alive", "keep-alive", 0), since, mine);
        await(mine);
    }

    private void refreshInBackground(Entry entry, String account, TokenRequest request, Cached current) {
        CompletableFuture<Cached> mine;
        synchronized (entry) {
            if (entry.inflight != null) {
                return;
            }
            mine = new CompletableFuture<>();
            entry.inflight = mine;
        }
        mine.whenComplete((fresh, failure) -> {
            if (failure != null) {
                Instant pauseEnd = clock.instant().plus(RETRY_PAUSE);
                entry.quietUntil = pauseEnd.isBefore(current.expiresAt) ? pauseEnd : current.expiresAt;
                LOG.log(Level.WARNING, "refreshing the token of " + account + " ahead of its expiry failed; using the"
                        + " current one until " + current.expiresAt + ", next try after " + entry.quietUntil + ": "
                        + failure.getMessage());
            }
        });
        try {
            background.execute(() -> fetch(entry, account, request, null, mine));
        } catch (RejectedExecutionException e) {
            // the registry was closed: the caller still has a valid token, the next one after expiry waits
            fetch(entry, account, request, null, mine);
        }
    }

    /**
     * Runs one fetch (of a token newer than {@code since}, if not {@code null}), publishes its token (or its
     * failure, for the back-off) before anyone waiting on {@code result} sees it.
     */
    private void fetch(Entry entry, String account, TokenRequest request, Instant since, CompletableFuture<Cached> result) {
        Instant started = clock.instant();
        try {
            AccessToken token = since == null ? fetcher.fetch(account, request) : fetcher.fetchAfter(account, request, since);
            Instant now = clock.instant();
            Instant expiresAt = token.expiresAt().orElse(now);
            Cached fresh = new Cached(token, now, policy.refreshAt(now, expiresAt), expiresAt);
            entry.cached = fresh;
            entry.quietUntil = Instant.MIN;
            entry.failure = null;
            result.complete(fresh);
            events.emit(TokenEvent.Type.REFRESHED, account, now, null, token.expiresAt().orElse(null), Duration.between(started, now));
        } catch (IOException | RuntimeException e) {
            IOException error = e instanceof IOException io ? io : new IOException("getting a token for " + account
                    + " failed: unexpected " + e.getClass().getName() + ": " + ServerText.clean(e.getMessage(), List.of()), e);
            Duration retryAfter = e instanceof TokenEndpointUnavailable unavailable ? unavailable.retryAfter : null;
            Instant now = clock.instant();
            // a back-off recorded in the store ends for this process when it ends for all, not a pause later
            Instant recorded = e instanceof TokenEndpointUnavailable unavailable ? unavailable.until : null;
            entry.failure = new Failure(error, recorded != null ? recorded : now.plus(policy.backoffAfterFailure(retryAfter)));
            result.completeExceptionally(error);
            events.emit(e instanceof ReauthorizationNeeded ? TokenEvent.Type.REAUTHORIZATION_NEEDED
                    : e instanceof TokenEndpointUnavailable ? TokenEvent.Type.REFRESH_FAILED_TRANSIENT
                    : TokenEvent.Type.REFRESH_FAILED_PERMANENT, account, now, error.getMessage(), null, Duration.between(started, now));
        } catch (Throwable e) {
            // an Error: nobody may wait forever for this fetch
            result.completeExceptionally(e);
        } finally {
            synchronized (entry) {
                if (entry.inflight == result) {
                    entry.inflight = null;
                }
            }
        }
    }

    private static Cached await(CompletableFuture<Cached> running) throws IOException {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an access token");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    @Override
    public void rejected(TokenRequest request, AccessToken token, TokenRejection rejection) {
        String account = account(request);
        Entry entry = entries.get(account);
        Cached cached = entry == null ? null : entry.cached;
        if (cached != null && cached.token.value().equals(token.value())) {
            entry.cached = null;
        }
        events.emit(TokenEvent.Type.TOKEN_REJECTED, account, clock.instant(), rejection.describe(), null, null);
        try {
            fetcher.rejected(account, token);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not forget the rejected token of " + account + ": " + e.getMessage());
        }
    }

    private String account(TokenRequest request) {
        return configuredAccount != null ? configuredAccount : request.user();
    }
}
