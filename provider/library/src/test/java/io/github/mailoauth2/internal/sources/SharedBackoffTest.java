package io.github.mailoauth2.internal.sources;

import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.json;
import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.testing.FakeTokenEndpoint;
import io.github.mailoauth2.store.MemoryTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.TokenRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five registries, each as a process of its own (its own cache and back-off), sharing one store file, against a
 * token endpoint that answers 503 with {@code Retry-After}: one retry series for all of them, the same cause for
 * every connect, and after the endpoint heals one request once the recorded back-off has ended.
 */
class SharedBackoffTest {
    private static final String REFRESH_TOKEN = "rt-SECRET-refresh-4711";
    private static final String ACCOUNT = "alice@example.test";
    private static final TokenRequest ALICE = new TokenRequest(ACCOUNT, "imaps", "imap.example.test", 993);
    private static final int PROCESSES = 5;

    @TempDir
    Path dir;
    private Path storeFile;
    private final AtomicBoolean down = new AtomicBoolean(true);
    private final List<TokenSourceRegistry> processes = new ArrayList<>();
    private FakeTokenEndpoint endpoint;

    @BeforeEach
    void storeARefreshToken() throws IOException {
        storeFile = StoreFiles.withRefreshToken(dir, ACCOUNT, REFRESH_TOKEN);
        // a Retry-After past the 10 s timeout: a series is one request, however slow the machine, then 10 s of back-off
        endpoint = new FakeTokenEndpoint(n -> down.get() ? json(503, "{}").with("Retry-After", "120") : token("at-new", 3600));
        for (int i = 0; i < PROCESSES; i++) {
            processes.add(new TokenSourceRegistry());
        }
    }

    @AfterEach
    void close() {
        processes.forEach(TokenSourceRegistry::close);
        endpoint.close();
    }

    private String connect(TokenSourceRegistry process) throws IOException {
        return connect(process, ALICE, Map.of("mail.oauth2.timeout", "10"));
    }

    private String connect(TokenSourceRegistry process, TokenRequest request, Map<String, String> more) throws IOException {
        Map<String, String> config = new HashMap<>(Map.of("mail.oauth2.token-url", endpoint.url(), "mail.oauth2.client-id", "app",
                "mail.oauth2.store", storeFile.toString()));
        config.putAll(more);
        return process.forConnection("imaps", config).token(request, null).value();
    }

    /** Each process connects at once; what each connect threw, or its token. */
    private List<Object> everyProcessConnects() throws Exception {
        return everyProcessConnects(this::connect);
    }

    private interface Connect {
        String connect(TokenSourceRegistry process) throws IOException;
    }

    private List<Object> everyProcessConnects(Connect each) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(PROCESSES);
        try {
            List<Future<Object>> connects = new ArrayList<>();
            for (TokenSourceRegistry process : processes) {
                connects.add(threads.submit((Callable<Object>) () -> {
                    try {
                        return each.connect(process);
                    } catch (IOException e) {
                        return e;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> connect : connects) {
                outcomes.add(connect.get());
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void fiveProcessesSendOneRetrySeriesAndFailWithItsCause() throws Exception {
        List<Object> outcomes = everyProcessConnects();

        assertThat(endpoint.requests()).as("one series of 1 request for all five").isEqualTo(1);
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOfSatisfying(IOException.class,
                e -> assertThat(e.getMessage()).contains("HTTP 503").doesNotContain(REFRESH_TOKEN)));
        StoredAccount entry = new FileTokenStore(storeFile).read(ACCOUNT).orElseThrow();
        assertThat(entry.backoffCause()).isEqualTo("HTTP 503");
        assertThat(entry.backoffUntil()).isAfter(Instant.now());
        assertThat(entry.refreshToken()).isEqualTo(REFRESH_TOKEN);
        System.out.printf("shared back-off: %d processes, %d requests, until %s%n", PROCESSES, endpoint.requests(),
                entry.backoffUntil());
    }

    @Test
    void afterTheBackoffTheFirstProcessTriesAgainAndItsSuccessClearsIt() throws Exception {
        everyProcessConnects();
        Instant until = new FileTokenStore(storeFile).read(ACCOUNT).orElseThrow().backoffUntil();
        down.set(false);

        assertThat(everyProcessConnects()).as("within the back-off: nothing sent").allMatch(IOException.class::isInstance);
        assertThat(endpoint.requests()).isEqualTo(1);
        // the process that saw the failure started its own back-off a moment after it recorded the shared one
        while (Instant.now().isBefore(until.plusMillis(500))) {
            Thread.sleep(50);
        }
        assertThat(everyProcessConnects()).as("after it: one refresh, the others take its token").containsOnly("at-new");

        assertThat(endpoint.requests()).isEqualTo(2);
        StoredAccount entry = new FileTokenStore(storeFile).read(ACCOUNT).orElseThrow();
        assertThat(entry.backoffUntil()).isNull();
        assertThat(entry.backoffCause()).isNull();
        assertThat(entry.refreshToken()).isEqualTo(REFRESH_TOKEN);
    }

    @Test
    void anAccountNotInTheStoreYetBacksOffTogetherToo() throws Exception {
        // its refresh token configured, as before a first authorization wrote the store
        TokenRequest bob = new TokenRequest("bob@example.test", "imaps", "imap.example.test", 993);
        List<Object> outcomes = everyProcessConnects(process -> connect(process, bob,
                Map.of("mail.oauth2.timeout", "10", "mail.oauth2.refresh-token", REFRESH_TOKEN)));

        assertThat(endpoint.requests()).as("one series of 1 request for all five").isEqualTo(1);
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOfSatisfying(IOException.class,
                e -> assertThat(e.getMessage()).contains("HTTP 503").doesNotContain(REFRESH_TOKEN)));
        StoredAccount entry = new FileTokenStore(storeFile).read("bob@example.test").orElseThrow();
        assertThat(entry.backoffCause()).isEqualTo("HTTP 503");
        assertThat(entry.refreshToken()).as("the configured one, as a success would have saved it").isEqualTo(REFRESH_TOKEN);
    }

    @Test
    void aRefusedConnectionIsBackedOffTogetherToo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        List<Object> outcomes = everyProcessConnects(process -> connect(process, ALICE, Map.of("mail.oauth2.timeout", "2",
                "mail.oauth2.token-url", "http://127.0.0.1:" + closedPort + "/token")));

        // nothing listens, so nothing counts the requests: the messages say who sent them
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOfSatisfying(IOException.class,
                e -> assertThat(e.getMessage()).contains("Connection refused")));
        assertThat(outcomes).as("four sent nothing: they read the failure the first recorded")
                .filteredOn(e -> ((IOException) e).getMessage().contains("for a process sharing the token store")).hasSize(PROCESSES - 1);
        assertThat(new FileTokenStore(storeFile).read(ACCOUNT).orElseThrow().backoffCause()).contains("Connection refused");
    }

    @Test
    void aConnectWaitingForTheStoreGivesUpAtItsTimeoutAndSendsNothing() throws Exception {
        // another holder of the entry that takes longer than the connect's timeout (stuck, or slow to refresh)
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            Future<Object> holding = holder.submit(() -> new FileTokenStore(storeFile).locked(ACCOUNT, tx -> {
                held.countDown();
                try {
                    return release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            }));
            held.await();

            assertThatThrownBy(() -> connect(processes.get(0), ALICE, Map.of("mail.oauth2.timeout", "1")))
                    .isInstanceOf(IOException.class).hasMessageContaining("waiting for the lock on")
                    .hasMessageContaining(storeFile.getFileName().toString());
            assertThat(endpoint.requests()).as("nothing sent").isZero();
            release.countDown();
            assertThat(holding.get()).as("the holder still held it when the connect gave up").isEqualTo(true);
        } finally {
            release.countDown();
            holder.shutdownNow();
        }
    }

    @Test
    void anEntryHandedOverAfterTheTimeoutSendsNothing() throws Exception {
        MutableClock clock = new MutableClock();
        MemoryTokenStore memory = new MemoryTokenStore("memory:late");
        memory.compareAndSet(ACCOUNT, null, new StoredAccount(REFRESH_TOKEN, null, null, null, null, "app", clock.instant()));
        TokenStore late = new TokenStore() {
            @Override
            public Optional<StoredAccount> read(String account) {
                return memory.read(account);
            }

            @Override
            public Map<String, StoredAccount> readAll() {
                return memory.readAll();
            }

            @Override
            public boolean compareAndSet(String account, String expectedRefreshToken, StoredAccount next) {
                return memory.compareAndSet(account, expectedRefreshToken, next);
            }

            @Override
            public void remove(String account) {
                memory.remove(account);
            }

            @Override
            public String toString() {
                return memory.toString();
            }

            /** As a store that counts its wait in whole seconds (JDBC's) may: the entry comes free after the deadline. */
            @Override
            public <T> T locked(String account, Duration maxWait, LockedAction<T> action) throws IOException {
                clock.advance(maxWait.plusMillis(400));
                return memory.locked(account, action);
            }
        };
        OAuth2Config config = OAuth2Config.of("imaps", Map.of("mail.oauth2.token-url", endpoint.url(),
                "mail.oauth2.client-id", "app", "mail.oauth2.timeout", "10"));
        RefreshTokenFetcher fetcher = new RefreshTokenFetcher(TokenEndpoint.of(config, false, clock), late, null,
                RefreshPolicy.configured(config), clock);

        assertThatThrownBy(() -> fetcher.fetch(ACCOUNT, ALICE)).isInstanceOf(TokenEndpointUnavailable.class)
                .hasMessageStartingWith("waited 10.4 s for the entry of " + ACCOUNT + " in the token store memory:late")
                .hasMessageContaining("the timeout of 10 s ran out; nothing was sent");
        assertThat(endpoint.requests()).isZero();
        assertThat(memory.read(ACCOUNT).orElseThrow().backoffUntil()).as("no back-off of its own: the holder's stands").isNull();
    }

    @Test
    void aBackoffNeverOverwritesARefreshTokenAnotherWriterSavedMeanwhile() throws Exception {
        // a store that cannot lock: its transaction's save is a compare-and-set against what it read
        MemoryTokenStore store = new MemoryTokenStore("memory:cas");
        StoredAccount before = new StoredAccount(REFRESH_TOKEN, null, null, null, null, "app", Instant.now());
        store.compareAndSet(ACCOUNT, null, before);
        StoredAccount rotated = before.refreshed("rt-rotated-elsewhere", "at-elsewhere", Instant.now().plusSeconds(3600),
                Instant.now());
        try (FakeTokenEndpoint failing = new FakeTokenEndpoint(n -> {
            store.compareAndSet(ACCOUNT, REFRESH_TOKEN, rotated); // another process refreshed during this request
            return json(503, "{}").with("Retry-After", "120");
        })) {
            Clock clock = Clock.systemUTC();
            OAuth2Config config = OAuth2Config.of("imaps", Map.of("mail.oauth2.token-url", failing.url(),
                    "mail.oauth2.client-id", "app", "mail.oauth2.timeout", "3"));
            RefreshTokenFetcher fetcher = new RefreshTokenFetcher(TokenEndpoint.of(config, false, clock), store, null,
                    RefreshPolicy.configured(config), clock);

            assertThatThrownBy(() -> fetcher.fetch(ACCOUNT, ALICE)).isInstanceOf(TokenEndpointUnavailable.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).as("the back-off that could not be saved").hasSize(1));
        }

        assertThat(store.read(ACCOUNT)).contains(rotated);
    }
}
