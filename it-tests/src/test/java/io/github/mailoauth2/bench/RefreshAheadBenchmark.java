package io.github.mailoauth2.bench;

import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.it.TokenEndpointStub;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * "Refresh ahead, never blocking", in figures, with no lab: a few threads take tokens from one refresh-token source
 * ({@code MailOAuth2.tokenSource}, nothing internal) one call after another for a while, against a token endpoint in this JVM
 * that takes 2 s per answer and gives tokens of 6 s, so that the run crosses several refresh boundaries. Twice, side by
 * side: with {@code refresh-margin=3} (a token is refreshed in the background from half its lifetime on) and with
 * {@code refresh-margin=0}, where a token is due only when it expires, so no refresh happens ahead and callers wait.
 *
 * <p>Each call is judged from outside, by the endpoint's record of when it handed out each token: a call that returned
 * a token handed out before the call began was served from the cache; any other call waited for a fetch. A call that
 * waited although a token handed out earlier was still within its lifetime when the call began is a caller blocked by
 * a refresh: the count the contract says is zero. Figures, not assertions: run it, read it.
 *
 * <pre>it-tests/bench/run.sh refresh [SECONDS]   (default 20 per run; two runs)</pre>
 */
public final class RefreshAheadBenchmark {
    private static final Duration DELAY = Duration.ofSeconds(2);
    private static final Duration LIFETIME = Duration.ofSeconds(6);
    private static final int THREADS = 4;
    /** Bounds each thread's calls: at most one per {@link #PAUSE_NANOS}, so runs of up to 25 s stay below it. */
    private static final int MAX_CALLS_PER_THREAD = 500_000;
    /** Between two calls of a thread, so that the figures are of calls, not of a saturated CPU. */
    private static final long PAUSE_NANOS = 50_000;
    /** A call this slow is counted as a stall whatever the classification says. */
    private static final long STALL_NANOS = 100_000_000;
    private static final String USER = "alice@example.test";

    private RefreshAheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration length = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 20);
        System.out.printf("A refresh-token source under %d threads calling token() for %d s per run (a pause of %d µs"
                        + " between calls); the token endpoint answers after %d s with expires_in=%d s.%n%n",
                THREADS, length.toSeconds(), PAUSE_NANOS / 1000, DELAY.toSeconds(), LIFETIME.toSeconds());
        Result ahead = run(3, length);
        Result none = run(0, length);
        MailOAuth2.shutdown();

        System.out.printf("%-58s %22s %22s%n", "", "refresh-margin=3", "refresh-margin=0");
        System.out.printf("%-58s %22s %22s%n", "", "(refresh ahead)", "(due at expiry)");
        row("calls", ahead, none, r -> String.valueOf(r.calls.size()));
        row("token requests to the endpoint", ahead, none, r -> String.valueOf(r.handedOut.size()));
        row("first call of each thread, cold cache: max", ahead, none, r -> millis(r.firstCallsMax));
        row("calls served from the cache", ahead, none, r -> String.valueOf(r.cached().length));
        row("  latency p50", ahead, none, r -> micros(percentile(r.cached(), 0.50)));
        row("  latency p99", ahead, none, r -> micros(percentile(r.cached(), 0.99)));
        row("  latency p99.99", ahead, none, r -> micros(percentile(r.cached(), 0.9999)));
        row("  latency max", ahead, none, r -> micros(percentile(r.cached(), 1)));
        row("calls that waited for a fetch, after the first calls", ahead, none, r -> String.valueOf(r.waitedLater().size()));
        row("  latency max", ahead, none, r -> r.waitedLater().stream().mapToLong(Call::nanos).max().stream()
                .mapToObj(RefreshAheadBenchmark::millis).findFirst().orElse("-"));
        row("  of them begun while a handed-out token was valid", ahead, none, r -> String.valueOf(r.blockedByRefresh()));
        row("calls over 100 ms after the first calls", ahead, none,
                r -> String.valueOf(r.calls.stream().filter(c -> !c.first && c.nanos >= STALL_NANOS).count()));
        System.out.printf("%nServed from the cache: the call returned a token the endpoint had handed out before the call"
                + " began. Waited: any other call.%nBegun while a handed-out token was valid: a caller that a refresh"
                + " blocked; the contract says none.%n");
    }

    /** One call: when it began, how long it took, what it got, whether it was its thread's first. */
    private record Call(long startNanos, long nanos, String token, boolean first) {
    }

    /** One thread's calls, in arrays made beforehand: recording allocates nothing whose collection would show in the figures. */
    private static final class Recorder {
        final long[] start = new long[MAX_CALLS_PER_THREAD];
        final long[] nanos = new long[MAX_CALLS_PER_THREAD];
        final String[] token = new String[MAX_CALLS_PER_THREAD];
        int size;

        void add(long startNanos, long callNanos, String value) {
            start[size] = startNanos;
            nanos[size] = callNanos;
            token[size] = value;
            size++;
        }

        Stream<Call> calls() {
            return IntStream.range(0, size).mapToObj(i -> new Call(start[i], nanos[i], token[i], i == 0));
        }
    }

    /** The calls of one run, and when the endpoint handed out each token ({@link System#nanoTime()}). */
    private record Result(List<Call> calls, long firstCallsMax, Map<String, Long> handedOut) {
        /** Latencies, sorted, of the calls that returned a token handed out before they began. */
        long[] cached() {
            return calls.stream().filter(c -> handedOut.get(c.token) < c.startNanos).mapToLong(Call::nanos).sorted().toArray();
        }

        /** The calls, after each thread's first, that returned a token handed out while they ran. */
        List<Call> waitedLater() {
            return calls.stream().filter(c -> !c.first && handedOut.get(c.token) >= c.startNanos).toList();
        }

        /** Waiting calls begun within a handed-out token's lifetime: each one a caller a refresh blocked. */
        long blockedByRefresh() {
            long lifetime = LIFETIME.toNanos();
            return waitedLater().stream().filter(c -> handedOut.values().stream()
                    .anyMatch(at -> at <= c.startNanos && c.startNanos < at + lifetime)).count();
        }
    }

    private static Result run(int marginSeconds, Duration length) throws Exception {
        Path dir = Files.createTempDirectory("refresh-bench");
        try (TokenEndpointStub endpoint = new TokenEndpointStub(DELAY, LIFETIME)) {
            TokenSource source = MailOAuth2.tokenSource("imap", Map.of(
                    "mail.oauth2.token-url", endpoint.url(),
                    "mail.oauth2.client-id", "bench",
                    "mail.oauth2.refresh-token", "refresh-0",
                    "mail.oauth2.store", dir.resolve("tokens.json").toString(),
                    "mail.oauth2.refresh-margin", Integer.toString(marginSeconds)));
            TokenRequest request = new TokenRequest(USER, "imap", "h", 993);
            List<Recorder> recorders = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            long[] deadline = new long[1];
            for (int t = 0; t < THREADS; t++) {
                Recorder calls = new Recorder();
                recorders.add(calls);
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                        while (System.nanoTime() < deadline[0] && calls.size < MAX_CALLS_PER_THREAD) {
                            long begin = System.nanoTime();
                            String token = source.token(request, null).value();
                            calls.add(begin, System.nanoTime() - begin, token);
                            LockSupport.parkNanos(PAUSE_NANOS);
                        }
                    } catch (InterruptedException | IOException e) {
                        throw new IllegalStateException("the benchmark's caller failed: " + e.getMessage(), e);
                    }
                }, "caller-" + t);
                thread.start();
                threads.add(thread);
            }
            deadline[0] = System.nanoTime() + length.toNanos();
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            List<Call> calls = recorders.stream().flatMap(Recorder::calls).sorted(Comparator.comparingLong(Call::startNanos)).toList();
            Map<String, Long> handedOut = endpoint.grants().stream()
                    .collect(Collectors.toMap(TokenEndpointStub.Grant::accessToken, TokenEndpointStub.Grant::sentAtNanos));
            long firstCallsMax = calls.stream().filter(Call::first).mapToLong(Call::nanos).max().orElse(0);
            return new Result(calls, firstCallsMax, handedOut);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    private static void row(String name, Result ahead, Result none, Function<Result, String> figure) {
        System.out.printf("%-58s %22s %22s%n", name, figure.apply(ahead), figure.apply(none));
    }

    private static String micros(long nanos) {
        return String.format("%.1f µs", nanos / 1e3);
    }

    private static String millis(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }
}
