package io.github.mailoauth2.internal.sources;

import com.google.api.client.auth.oauth2.RefreshTokenRequest;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refresh-token grant against the token store. Under the store's lock it first takes an access
 * token another process saved, if one is still good; otherwise it refreshes, and saves the new
 * access token together with the refresh token the server returned (servers like Microsoft and
 * Keycloak rotate it) before anyone uses the access token. So processes sharing a store neither
 * refresh twice nor lose a rotated refresh token. A refresh token the server refuses for good is kept in
 * the store with the server's reason ({@link StoredAccount#refusal()}), for the command line to show; a token
 * endpoint that fails is backed off from by every process sharing the store ({@link SharedBackoff}).
 */
final class RefreshTokenFetcher implements CachingTokenSource.Fetcher {
    private final TokenEndpoint endpoint;
    private final TokenStore store;
    private final String initialRefreshToken;
    private final RefreshPolicy policy;
    private final Clock clock;
    /**
     * The refresh token the server refused with an OAuth2 error, per account: asking again with it would
     * only hammer the server. A new refresh token (authorize again) or configuration (a new source) clears it.
     */
    private final Map<String, Refusal> refused = new ConcurrentHashMap<>();

    private record Refusal(String refreshToken, String message, boolean reauthorize) {
        /** A new exception each time: one instance thrown at many callers would collect their suppressions. */
        IOException error() {
            return reauthorize ? new ReauthorizationNeeded(message, null) : new IOException(message);
        }
    }

    RefreshTokenFetcher(TokenEndpoint endpoint, TokenStore store, String initialRefreshToken, RefreshPolicy policy, Clock clock) {
        this.endpoint = endpoint;
        this.store = store;
        this.initialRefreshToken = initialRefreshToken;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public AccessToken fetch(String account, TokenRequest request) throws IOException {
        return fetchAfter(account, request, Instant.MIN);
    }

    /**
     * Refreshes {@code account}'s stored refresh token now, whatever access token is stored, and saves the answer as
     * {@link #fetch} does: the command line's {@code refresh}.
     */
    AccessToken refresh(String account) throws IOException {
        return fetchAfter(account, null, Instant.MAX);
    }

    /**
     * Reuses a saved token only if the refresh token was used or received after {@code since} ({@link KeepAlive#lastUsed}); else refreshes.
     * The timeout counts from now, the wait for another process holding the entry included, so that every connect
     * ends within it: one that queued behind another's retry series reads the back-off it recorded; one whose time ran
     * out first sends nothing, and the store or {@link #timedOutWaiting} says why.
     */
    @Override
    public AccessToken fetchAfter(String account, TokenRequest request, Instant since) throws IOException {
        Instant asked = clock.instant();
        Instant deadline = endpoint.deadline(asked);
        return store.locked(account, Duration.between(asked, deadline), tx -> fetchLocked(tx, account, since, asked, deadline));
    }

    private AccessToken fetchLocked(TokenStore.Transaction tx, String account, Instant since, Instant asked, Instant deadline)
            throws IOException {
        Optional<StoredAccount> stored = tx.current();
        Instant now = clock.instant();
        if (stored.isPresent() && KeepAlive.lastUsed(stored.get()).isAfter(since) && policy.reusable(stored.get(), now)) {
            return new AccessToken(stored.get().accessToken(), stored.get().accessTokenExpiresAt());
        }
        String refreshToken = stored.map(StoredAccount::refreshToken).orElse(initialRefreshToken);
        if (refreshToken == null) {
            throw new ReauthorizationNeeded("no refresh token for " + account + " in the token store " + store
                    + ". Authorize once with the mail-oauth2 command line (authorize --user " + account
                    + "), or set mail.oauth2.refresh-token", null);
        }
        if (stored.isPresent()) {
            StoredEndpoint.check(account, stored.get(), endpoint.url);
        }
        Refusal refusal = refused.get(account);
        if (refusal != null && refusal.refreshToken.equals(refreshToken)) {
            throw refusal.error();
        }
        if (stored.isPresent()) {
            SharedBackoff.check(account, stored.get(), now, store, endpoint.url);
        }
        if (!now.isBefore(deadline)) {
            throw timedOutWaiting(account, asked);
        }
        TokenResponse response;
        try {
            response = endpoint.execute("refreshing the access token of " + account, asked,
                    url -> new RefreshTokenRequest(TokenEndpoint.TRANSPORT, TokenEndpoint.JSON, url, refreshToken));
        } catch (TokenEndpointUnavailable e) {
            // an account not in the store yet (its refresh token configured) gets an entry: the fleet backs off from it too
            StoredAccount entry = stored.orElseGet(() -> newEntry(refreshToken, now));
            Instant failedAt = clock.instant();
            SharedBackoff.record(tx, entry, e, failedAt.plus(policy.backoffAfterFailure(e.retryAfter)), failedAt);
            throw e; // committed although thrown: Transaction.save writes at once
        } catch (TokenEndpointRefusal e) {
            if (e.error == null) {
                throw e; // no word from the server on the refresh token: the next fetch may ask again
            }
            boolean reauthorize = refusedForGood(e);
            String message = reauthorize ? e.reason + ". The refresh token of " + account + " was revoked or has expired."
                    + " Authorize again with the mail-oauth2 command line (authorize --user " + account + ")" : e.getMessage();
            refused.put(account, new Refusal(refreshToken, message, reauthorize));
            if (stored.isPresent() && refreshToken.equals(stored.get().refreshToken())) {
                recordRefusal(tx, stored.get(), e, now); // committed although thrown: Transaction.save writes at once
            }
            throw reauthorize ? new ReauthorizationNeeded(message, e) : new IOException(message, e);
        }
        String nextRefreshToken = response.refreshToken() != null ? response.refreshToken() : refreshToken;
        StoredAccount base = stored.orElseGet(() -> newEntry(null, now));
        tx.save(base.refreshed(nextRefreshToken, response.accessToken().value(), response.accessToken().expiresAt().orElse(null), now));
        return response.accessToken();
    }

    private StoredAccount newEntry(String refreshToken, Instant now) {
        return new StoredAccount(refreshToken, null, null, null, endpoint.url, endpoint.clientId, now);
    }

    /**
     * The timeout ran out while another process held {@code account}'s entry (refreshing it, or retrying a failing token
     * endpoint), before this one could send anything; a store whose wait is counted in whole seconds (JDBC's) may hand
     * the entry over that late. Transient, with no back-off of its own: what the holder saved (a token, or a back-off
     * with its cause) is in the store for the next connect.
     */
    private TokenEndpointUnavailable timedOutWaiting(String account, Instant asked) {
        Instant now = clock.instant();
        return TokenEndpointUnavailable.recorded("waited " + Retries.seconds(asked, now) + " s for the entry of " + account
                + " in the token store " + store + ", held by another process (refreshing that account, or retrying a failing token endpoint), until"
                + " the timeout of " + endpoint.timeout().toSeconds() + " s ran out; nothing was sent to " + endpoint.url
                + ". A later connect takes what that process saved", "waiting for the token store", now);
    }

    /** {@code invalid_grant}: the refresh token was revoked or has expired, and only a new authorization helps. */
    private static boolean refusedForGood(TokenEndpointRefusal e) {
        return "invalid_grant".equals(e.error);
    }

    /**
     * Saves in {@code stored}'s entry that the server refused its refresh token for good, with the server's
     * answer and never a token, for {@code accounts} to show; the refresh token is kept. Other refusals
     * (a wrong client secret) say nothing about the refresh token and are not saved. A store that cannot
     * save it does not hide the refusal: its failure is attached to {@code e}.
     */
    private static void recordRefusal(TokenStore.Transaction tx, StoredAccount stored, TokenEndpointRefusal e, Instant now) {
        if (refusedForGood(e)) {
            try {
                tx.save(stored.withRefusal(e.summary, now));
            } catch (IOException notSaved) {
                e.addSuppressed(notSaved);
            }
        }
    }

    @Override
    public void rejected(String account, AccessToken token) throws IOException {
        store.locked(account, tx -> {
            Optional<StoredAccount> stored = tx.current();
            if (stored.isPresent() && token.value().equals(stored.get().accessToken())) {
                tx.save(stored.get().withAccessToken(null, null, clock.instant()));
            }
            return null;
        });
    }
}
