package io.github.mailoauth2.internal.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenEvent;
import io.github.mailoauth2.token.TokenEvent.Type;
import io.github.mailoauth2.token.TokenRejection;
import io.github.mailoauth2.token.TokenRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingTokenSourceTest {
    private static final TokenRequest ALICE = new TokenRequest("alice@example.test", "imap", "h", 143);
    private static final TokenRequest BOB = new TokenRequest("bob@example.test", "imap", "h", 143);

    private final MutableClock clock = new MutableClock();

    /** Hands out tok-1, tok-2, ... living {@code lifetime}; can be told to fail or to take its time. */
    private final class CountingFetcher implements CachingTokenSource.Fetcher {
        final AtomicInteger fetches = new AtomicInteger();
        volatile Duration lifetime = Duration.ofHours(1);
        volatile IOException failure;
        volatile CountDownLatch gate;

        @Override
        public AccessToken fetch(String account, TokenRequest request) throws IOException {
            int n = fetches.incrementAndGet();
            if (gate != null) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return new AccessToken(account + "-tok-" + n, clock.instant().plus(lifetime));
        }
    }

    /** Background work waits here until the test runs it: what "in the background" means, made visible. */
    private final Deque<Runnable> background = new ArrayDeque<>();
    private final CountingFetcher fetcher = new CountingFetcher();
    private final List<TokenEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CachingTokenSource source = new CachingTokenSource(fetcher, new RefreshPolicy(Duration.ofSeconds(300), Duration.ofSeconds(30)),
            null, clock, background::add, (type, account, time, detail, expiresAt, elapsed) ->
                    events.add(new TokenEvent(type, account, "test", time, detail, expiresAt, elapsed)));

    private void runBackground() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }

    @Test
    void aKeepAliveRefreshIsSkippedWhenThisSourceFetchedAfterTheAccountFellDue() throws IOException {
        Instant due = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        source.token(ALICE, null);

        source.refresh("alice@example.test", due);
        assertThat(fetcher.fetches).as("the connect's fetch came after the account fell due").hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        source.refresh("alice@example.test", clock.instant());
        assertThat(fetcher.fetches).hasValue(2);
        assertThat(source.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-2");
    }

    @Test
    void aDueTokenIsStillHandedOutWhileOneRefreshRunsAheadOfItsExpiry() throws IOException {
        assertThat(source.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-1");
        clock.advance(Duration.ofMinutes(54));
        assertThat(source.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-1");
        assertThat(background).isEmpty();
        clock.advance(Duration.ofMinutes(1).plusSeconds(1)); // due: 300 s before expiry

        assertThat(source.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-1");
        assertThat(source.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-1");
        assertThat(background).as("one refresh, however many callers noticed").hasSize(1);
        assertThat(fetcher.fetches).hasValue(1);

        runBackground();
        assertThat(source.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-2");
        assertThat(fetcher.fetches).hasValue(2);
    }

    @Test
    void theCallerThatNoticesTheRefreshIsNotHeldUpByIt() throws Exception {
        CachingTokenSource threaded = new CachingTokenSource(fetcher, new RefreshPolicy(Duration.ofSeconds(300), Duration.ofSeconds(30)), null,
                clock, task -> new Thread(task).start(), TokenEvents.Sink.NONE);
        threaded.token(ALICE, null);
        clock.advance(Duration.ofMinutes(56));
        fetcher.gate = new CountDownLatch(1); // the token endpoint hangs

        assertThat(threaded.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-1");
        assertThat(threaded.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-1");

        fetcher.gate.countDown();
        while (!threaded.token(ALICE, null).value().endsWith("tok-2")) {
            Thread.sleep(5);
        }
        assertThat(fetcher.fetches).hasValue(2);
    }

    @Test
    void accountsAreCachedSeparately() throws IOException {
        source.token(ALICE, null);
        assertThat(source.token(BOB, null).value()).isEqualTo("bob@example.test-tok-2");
    }

    @Test
    void fiftyConcurrentCallersOnAnEmptyCacheMakeOneFetch() throws Exception {
        fetcher.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<AccessToken>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> source.token(ALICE, null)));
        }
        Thread.sleep(200); // let them pile up behind the first fetch
        fetcher.gate.countDown();
        for (Future<AccessToken> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS).value()).isEqualTo("alice@example.test-tok-1");
        }
        pool.shutdown();
        assertThat(fetcher.fetches).hasValue(1);
    }

    @Test
    void callersWithoutAValidTokenWaitForTheRefreshAlreadyRunningInsteadOfStartingAnother() throws Exception {
        CachingTokenSource threaded = new CachingTokenSource(fetcher, new RefreshPolicy(Duration.ofSeconds(300), Duration.ofSeconds(30)), null,
                clock, task -> new Thread(task).start(), TokenEvents.Sink.NONE);
        threaded.token(ALICE, null);
        clock.advance(Duration.ofMinutes(56));
        fetcher.gate = new CountDownLatch(1);
        threaded.token(ALICE, null); // starts the background refresh, which hangs
        clock.advance(Duration.ofMinutes(5)); // tok-1 has expired meanwhile
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<AccessToken> waiting = pool.submit(() -> threaded.token(ALICE, null));
        Thread.sleep(100);
        assertThat(waiting).isNotDone();

        fetcher.gate.countDown();
        assertThat(waiting.get(10, TimeUnit.SECONDS).value()).isEqualTo("alice@example.test-tok-2");
        assertThat(fetcher.fetches).hasValue(2);
        pool.shutdown();
    }

    @Test
    void aFailedRefreshKeepsTheOldTokenWhileItIsValidAndPausesBeforeTheNextTry() throws IOException {
        source.token(ALICE, null);
        clock.advance(Duration.ofMinutes(56));
        fetcher.failure = new IOException("token endpoint down");

        assertThat(source.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-1");
        runBackground();
        assertThat(fetcher.fetches).hasValue(2);
        assertThat(source.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-1");
        assertThat(background).as("no new try during the pause").isEmpty();

        clock.advance(CachingTokenSource.RETRY_PAUSE);
        source.token(ALICE, null);
        assertThat(background).hasSize(1);
        runBackground();

        clock.advance(Duration.ofMinutes(5)); // now expired: the caller waits for a fetch and sees why it failed
        assertThatThrownBy(() -> source.token(ALICE, null)).hasMessage("token endpoint down");
    }

    @Test
    void aRejectedTokenIsDroppedSoTheNextConnectFetches() throws IOException {
        AccessToken first = source.token(ALICE, null);

        source.rejected(ALICE, first, new TokenRejection("XOAUTH2", "401", null, null, null));

        assertThat(source.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-2");
    }

    @Test
    void aRejectionOfAnOlderTokenKeepsTheNewerOne() throws IOException {
        AccessToken old = new AccessToken("stale", null);
        source.token(ALICE, null);

        source.rejected(ALICE, old, new TokenRejection("XOAUTH2", "401", null, null, null));

        assertThat(source.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-1");
    }

    @Test
    void tokensOfUnknownExpiryAreFetchedEachTime() throws IOException {
        CachingTokenSource unknown = new CachingTokenSource((account, request) -> new AccessToken("t" + fetcher.fetches.incrementAndGet(), null),
                new RefreshPolicy(Duration.ofSeconds(300), Duration.ofSeconds(30)), null, clock, background::add, TokenEvents.Sink.NONE);
        unknown.token(ALICE, null);
        unknown.token(ALICE, null);
        assertThat(fetcher.fetches).hasValue(2);
    }

    @Test
    void callersWaitingForAFetchThatFailsAllGetItsError() throws Exception {
        fetcher.gate = new CountDownLatch(1);
        fetcher.failure = new IOException("token endpoint down");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<AccessToken>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit(() -> source.token(ALICE, null)));
        }
        Thread.sleep(200);
        fetcher.gate.countDown();
        for (Future<AccessToken> result : results) {
            assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("token endpoint down");
        }
        pool.shutdown();
        assertThat(fetcher.fetches).hasValue(1);
    }

    @Test
    void afterAFailedFetchCallersFailAtOnceWithItsErrorUntilTheBackoffEnds() throws IOException {
        fetcher.failure = new IOException("token endpoint down");
        assertThatThrownBy(() -> source.token(ALICE, null)).isSameAs(fetcher.failure);

        clock.advance(RefreshPolicy.FAILURE_BACKOFF.minusMillis(1));
        assertThatThrownBy(() -> source.token(ALICE, null)).isInstanceOf(IOException.class)
                .hasMessage("token endpoint down").hasCause(fetcher.failure);
        assertThat(fetcher.fetches).hasValue(1);
        fetcher.failure = null; // the endpoint is back, but ALICE's callers do not ask before the back-off ends
        assertThatThrownBy(() -> source.token(ALICE, null)).hasMessage("token endpoint down");
        assertThat(source.token(BOB, null).value()).as("other accounts are not held back").isEqualTo("bob@example.test-tok-2");

        clock.advance(Duration.ofMillis(1));
        assertThat(source.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-3");
    }

    @Test
    void theBackoffFollowsTheServersRetryAfterUpToTheTimeout() throws IOException {
        fetcher.failure = new TokenEndpointUnavailable("HTTP 503", Duration.ofSeconds(20), "HTTP 503", null);
        assertThatThrownBy(() -> source.token(ALICE, null)).hasMessage("HTTP 503");

        clock.advance(Duration.ofSeconds(19));
        assertThatThrownBy(() -> source.token(ALICE, null)).hasMessage("HTTP 503");
        assertThat(fetcher.fetches).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> source.token(ALICE, null)).hasMessage("HTTP 503");
        assertThat(fetcher.fetches).hasValue(2);

        fetcher.failure = new TokenEndpointUnavailable("HTTP 503", Duration.ofHours(1), "HTTP 503", null);
        clock.advance(Duration.ofSeconds(20));
        assertThatThrownBy(() -> source.token(ALICE, null)).hasMessage("HTTP 503");
        clock.advance(Duration.ofSeconds(30)); // the timeout caps it
        assertThatThrownBy(() -> source.token(ALICE, null)).hasMessage("HTTP 503");
        assertThat(fetcher.fetches).hasValue(4);
    }

    @Test
    void aValidTokenIsStillHandedOutAfterAFailedRefresh() throws IOException {
        source.token(ALICE, null);
        clock.advance(Duration.ofMinutes(56));
        fetcher.failure = new IOException("token endpoint down");
        source.token(ALICE, null);
        runBackground(); // the refresh ahead of expiry fails

        assertThat(source.token(ALICE, null).value()).isEqualTo("alice@example.test-tok-1");
    }

    @Test
    void anUncheckedExceptionFromAFetcherReachesCallersAsAnIOException() {
        CachingTokenSource buggy = new CachingTokenSource((account, request) -> {
            throw new IllegalStateException("bug\u202E");
        }, new RefreshPolicy(Duration.ofSeconds(300), Duration.ofSeconds(30)), null, clock, background::add, TokenEvents.Sink.NONE);

        assertThatThrownBy(() -> buggy.token(ALICE, null)).isExactlyInstanceOf(IOException.class)
                .hasMessage("getting a token for alice@example.test failed: unexpected java.lang.IllegalStateException: bug?")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void eachFetchAndRejectionIsReportedOnceWithItsKindOfFailure() throws IOException {
        AccessToken first = source.token(ALICE, null);
        source.token(ALICE, null); // cached: no event
        clock.advance(Duration.ofMinutes(56));
        fetcher.failure = new TokenEndpointUnavailable("HTTP 503", null, "HTTP 503", null);
        source.token(ALICE, null);
        runBackground();
        fetcher.failure = new TokenEndpointRefusal("invalid_client", "refused", "check the secret");
        assertThatThrownBy(() -> source.token(BOB, null)).hasMessage("refused. check the secret");
        clock.advance(Duration.ofSeconds(30));
        fetcher.failure = new ReauthorizationNeeded("authorize again", null);
        assertThatThrownBy(() -> source.token(BOB, null)).hasMessage("authorize again");
        source.rejected(ALICE, first, new TokenRejection("XOAUTH2", "401", null, null, null));

        assertThat(events).extracting(TokenEvent::type, TokenEvent::account).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Type.REFRESHED, ALICE.user()),
                org.assertj.core.groups.Tuple.tuple(Type.REFRESH_FAILED_TRANSIENT, ALICE.user()),
                org.assertj.core.groups.Tuple.tuple(Type.REFRESH_FAILED_PERMANENT, BOB.user()),
                org.assertj.core.groups.Tuple.tuple(Type.REAUTHORIZATION_NEEDED, BOB.user()),
                org.assertj.core.groups.Tuple.tuple(Type.TOKEN_REJECTED, ALICE.user()));
        assertThat(events.get(0).expiresAt()).isEqualTo(first.expiresAt().orElseThrow());
        assertThat(events.get(1).detail()).isEqualTo("HTTP 503");
        assertThat(events.get(3).detail()).isEqualTo("authorize again");
        assertThat(events.get(4).detail()).startsWith("XOAUTH2: the server rejected the access token (status 401)");
        assertThat(events).allMatch(e -> !e.toString().contains("tok-"), "no event carries a token");
    }
}
