package io.github.mailoauth2.internal.sources;

import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.json;
import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.of;
import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.testing.FakeTokenEndpoint;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite: a token endpoint that fails in the ways real ones do, reached through the whole
 * token path a connect takes (registry, cache, refresh-token fetcher, file store, endpoint). Each
 * fault asserts how many requests were made, what the message says, that no secret shows in the
 * message or in any log record, and that the store file is untouched (but for the refusal of a refresh
 * token for good, recorded beside the token it refused, and a transient failure's back-off); time bounds are loose (the
 * point is "within the timeout", not speed). Each prints its figures.
 */
class TokenPathFaultTest {
    private static final String REFRESH_TOKEN = "rt-SECRET-refresh-4711";
    private static final String CLIENT_SECRET = "cs-SECRET-client-0815";
    private static final String ACCESS_TOKEN = "at-OK-access-1234";
    private static final String ACCOUNT = "alice@example.test";
    private static final TokenRequest ALICE = new TokenRequest(ACCOUNT, "imaps", "imap.example.test", 993);
    /** Seconds. With backoff 0.25, 0.5, 1, 2 s, a transient fault costs 4 requests in 1.75 s. */
    private static final int TIMEOUT = 3;
    private static final Duration WITHIN_TIMEOUT = Duration.ofSeconds(TIMEOUT + 2);
    private static final String REFUSED = " refused refreshing the access token of " + ACCOUNT + ": ";

    @TempDir
    Path dir;
    private Path storeFile;
    private final TokenSourceRegistry registry = new TokenSourceRegistry();
    private final CapturedLogs logs = new CapturedLogs();
    private FakeTokenEndpoint endpoint;

    @BeforeEach
    void storeARefreshToken() throws IOException {
        storeFile = StoreFiles.withRefreshToken(dir, ACCOUNT, REFRESH_TOKEN);
    }

    @AfterEach
    void close() {
        registry.close();
        logs.close();
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private TokenSource source(String url) throws IOException {
        Map<String, String> props = new HashMap<>(Map.of("mail.oauth2.token-url", url, "mail.oauth2.client-id", "app",
                "mail.oauth2.client-secret", CLIENT_SECRET, "mail.oauth2.store", storeFile.toString(),
                "mail.oauth2.timeout", String.valueOf(TIMEOUT), "mail.oauth2.scope", "mail.read offline_access"));
        return registry.forConnection("imaps", props);
    }

    /** What a fault cost: requests made, time to fail, the message. */
    private record Outcome(int requests, Duration took, String message) {
    }

    private Outcome fails(String fault, IntFunction<FakeTokenEndpoint.Answer> script) throws IOException {
        endpoint = new FakeTokenEndpoint(script);
        return fails(fault, endpoint.url(), endpoint::requests);
    }

    private Outcome fails(String fault, String url, java.util.function.IntSupplier requests) throws IOException {
        TokenSource source = source(url);
        byte[] before = Files.readAllBytes(storeFile);
        StoredAccount entryBefore = new FileTokenStore(storeFile).read(ACCOUNT).orElseThrow();
        long start = System.nanoTime();
        Throwable thrown = null;
        try {
            source.token(ALICE, null);
        } catch (Throwable e) {
            thrown = e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(thrown).as(fault).isInstanceOf(IOException.class);
        StoredAccount entryAfter = new FileTokenStore(storeFile).read(ACCOUNT).orElseThrow();
        StoredAccount expected = entryBefore;
        if (entryAfter.refusal() != null && !entryAfter.refusal().equals(entryBefore.refusal())) {
            expected = expected.withRefusal(entryAfter.refusal(), entryAfter.updatedAt());
            assertThat(entryAfter.refusal()).doesNotContain(REFRESH_TOKEN, CLIENT_SECRET, ACCESS_TOKEN);
        }
        if (entryAfter.backoffUntil() != null && !entryAfter.backoffUntil().equals(entryBefore.backoffUntil())) {
            expected = expected.withBackoff(entryAfter.backoffCause(), entryAfter.backoffUntil(), entryAfter.updatedAt());
            assertThat(entryAfter.backoffCause()).doesNotContain(REFRESH_TOKEN, CLIENT_SECRET, ACCESS_TOKEN);
        }
        if (expected == entryBefore) {
            assertThat(Files.readAllBytes(storeFile)).as("the store after " + fault).isEqualTo(before);
        } else {
            assertThat(entryAfter).as("the store after " + fault).isEqualTo(expected);
        }
        assertNoSecretIn(thrown);
        Outcome outcome = new Outcome(requests.getAsInt(), took, thrown.getMessage());
        System.out.printf("fault %-34s %2d requests, %5d ms: %s%n", fault, outcome.requests, took.toMillis(), outcome.message);
        return outcome;
    }

    private void assertNoSecretIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(REFRESH_TOKEN, CLIENT_SECRET, ACCESS_TOKEN);
        }
        for (String line : logs.lines()) {
            assertThat(line).doesNotContain(REFRESH_TOKEN, CLIENT_SECRET, ACCESS_TOKEN);
        }
    }

    private AccessToken succeeds(String fault, IntFunction<FakeTokenEndpoint.Answer> script) throws IOException {
        endpoint = new FakeTokenEndpoint(script);
        AccessToken token = source(endpoint.url()).token(ALICE, null);
        assertNoSecretIn(null);
        System.out.printf("fault %-34s %2d requests, then a token expiring %s%n", fault, endpoint.requests(),
                token.expiresAt().map(Instant::toString).orElse("unknown"));
        return token;
    }

    // ---- transient: retried with backoff within the timeout, then named ----

    @Test
    void aServerErrorIsRetriedWithinTheTimeoutThenNamed() throws IOException {
        Outcome outcome = fails("500", n -> json(500, "{}"));

        assertThat(outcome.requests).isEqualTo(4);
        assertThat(outcome.took).isLessThan(WITHIN_TIMEOUT);
        assertThat(outcome.message).startsWith(endpoint.url() + " did not answer refreshing the access token of "
                + ACCOUNT + " with a token: HTTP 500 (4 attempts in ").contains(" s, timeout 3 s). Check that the token endpoint"
                + " is reachable and working; a later connect tries again");
    }

    @Test
    void tooManyRequestsAndRequestTimeoutAreRetried() throws IOException {
        assertThat(fails("429", n -> json(429, "{}")).requests).isEqualTo(4);
        endpoint.close();
        storeARefreshToken(); // without the back-off the 429 recorded, which would keep the next fault from asking
        assertThat(fails("408", n -> of(408, "text/plain", "timeout")).requests).isEqualTo(4);
    }

    @Test
    void retryAfterIsHonouredWithinTheTimeout() throws IOException {
        Outcome outcome = fails("503 + Retry-After: 1", n -> json(503, "{}").with("Retry-After", "1"));

        // waits of 1 s (not 0.25, 0.5): requests at 0, 1, 2 s; the next would come after the timeout
        assertThat(outcome.requests).isEqualTo(3);
        assertThat(outcome.message).contains("HTTP 503; it asked to come back at ", "(3 attempts");
    }

    @Test
    void aRetryAfterBeyondTheTimeoutFailsAtOnceSayingWhenToComeBack() throws IOException {
        Instant before = Instant.now();
        Outcome outcome = fails("503 + Retry-After: 120", n -> json(503, "{}").with("Retry-After", "120"));

        assertThat(outcome.requests).isEqualTo(1);
        assertThat(outcome.message).contains("HTTP 503; it asked to come back at ", " (Retry-After), after the timeout (1 attempt");
        Instant comeBack = Instant.parse(outcome.message.replaceAll(".*come back at (\\S+) .*", "$1"));
        assertThat(comeBack).isCloseTo(before.plusSeconds(120), within(5, ChronoUnit.SECONDS));
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsRetried() throws IOException {
        Outcome outcome = fails("closed without an answer", n -> FakeTokenEndpoint.Answer.hangUp());

        assertThat(outcome.requests).isEqualTo(4);
        assertThat(outcome.message).contains("with a token: SocketException: Unexpected end of file from server (4 attempts");
    }

    @Test
    void aResetConnectionIsRetried() throws IOException {
        try (ResettingServer server = new ResettingServer()) {
            Outcome outcome = fails("connection reset", server.url(), server.accepted::get);

            assertThat(outcome.requests).isEqualTo(4);
            assertThat(outcome.message).contains("SocketException", "(4 attempts");
        }
    }

    @Test
    void anEndpointSlowerThanTheTimeoutFailsWithinIt() throws IOException {
        Outcome outcome = fails("slow (answers after timeout + 2 s)",
                n -> token(ACCESS_TOKEN, 3600).after(Duration.ofSeconds(TIMEOUT + 2)));

        assertThat(outcome.requests).isEqualTo(1);
        assertThat(outcome.took).isLessThan(WITHIN_TIMEOUT);
        assertThat(outcome.message).contains("SocketTimeoutException");
    }

    @Test
    void transientFaultsThenATokenGiveTheToken() throws IOException {
        AccessToken token = succeeds("503, 429, then a token", n -> n == 1 ? json(503, "{}") : n == 2 ? json(429, "{}")
                : token(ACCESS_TOKEN, 3600));

        assertThat(token.value()).isEqualTo(ACCESS_TOKEN);
        assertThat(endpoint.requests()).isEqualTo(3);
        assertThat(new FileTokenStore(storeFile).read(ACCOUNT).orElseThrow().accessToken()).isEqualTo(ACCESS_TOKEN);
    }

    // ---- final: one request, named, with what to do ----

    @Test
    void invalidClientOnA401IsFinalEvenThoughTheJdkDropsItsBody() throws IOException {
        String advice = ". The client id or secret is wrong or the secret has expired (Microsoft: AADSTS7000215/7000222);"
                + " create a new secret or check client-id/client-secret; with a key, check that the certificate"
                + " registered for the client is the key's (Microsoft: AADSTS700027)";
        for (boolean challenge : new boolean[] {true, false}) {
            FakeTokenEndpoint.Answer answer = json(401, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret\"}");
            Outcome outcome = fails("401 invalid_client" + (challenge ? " + WWW-Authenticate" : ""),
                    n -> challenge ? answer.with("WWW-Authenticate", "Basic realm=\"x\"") : answer);

            assertThat(outcome.requests).isEqualTo(1);
            assertThat(outcome.message).isEqualTo(endpoint.url() + REFUSED + "HTTP 401, client authentication failed"
                    + " (invalid_client)" + advice);
            endpoint.close();
        }
    }

    @Test
    void invalidClientNamesMicrosoftsCode() throws IOException {
        Outcome outcome = fails("400 invalid_client AADSTS", n -> json(400, "{\"error\":\"invalid_client\",\"error_description\":"
                + "\"AADSTS7000215: Invalid client secret provided.\\r\\nTrace ID: 1\"}"));

        assertThat(outcome.requests).isEqualTo(1);
        assertThat(outcome.message).startsWith(endpoint.url() + REFUSED + "invalid_client [AADSTS7000215]"
                + " (AADSTS7000215: Invalid client secret provided. Trace ID: 1). The client id or secret is wrong");
    }

    @Test
    void invalidGrantSaysToAuthorizeAgainAndIsNotAskedTwice() throws IOException {
        Outcome outcome = fails("400 invalid_grant", n -> json(400, "{\"error\":\"invalid_grant\","
                + "\"error_description\":\"Token is not active\"}"));

        assertThat(outcome.requests).isEqualTo(1);
        assertThat(outcome.message).isEqualTo(endpoint.url() + REFUSED + "invalid_grant (Token is not active)."
                + " The refresh token of " + ACCOUNT + " was revoked or has expired. Authorize again with the mail-oauth2"
                + " command line (authorize --user " + ACCOUNT + ")");
        assertThat(new FileTokenStore(storeFile).read(ACCOUNT).orElseThrow().refusal())
                .as("recorded for the command line's accounts").isEqualTo("invalid_grant (Token is not active)");
        assertThatThrownBy(() -> source(endpoint.url()).token(ALICE, null)).hasMessage(outcome.message);
        assertThat(endpoint.requests()).isEqualTo(1);
    }

    @Test
    void aRecordedRefusalIsClearedByTheNextRefreshThatWorks() throws IOException {
        fails("400 invalid_grant", n -> json(400, "{\"error\":\"invalid_grant\"}"));
        assertThat(new FileTokenStore(storeFile).read(ACCOUNT).orElseThrow().refusal()).isEqualTo("invalid_grant");
        endpoint.close();

        succeeds("then a token from a fixed endpoint", n -> token(ACCESS_TOKEN, 3600));

        StoredAccount after = new FileTokenStore(storeFile).read(ACCOUNT).orElseThrow();
        assertThat(after.refusal()).isNull();
        assertThat(after.refreshToken()).isEqualTo(REFRESH_TOKEN);
        assertThat(after.lastRefreshAt()).isEqualTo(after.updatedAt());
    }

    @Test
    void theOtherOAuth2ErrorsAreFinalAndSayWhatToCheck() throws IOException {
        Map<String, String> advice = Map.of(
                "invalid_scope", "The server does not grant the scope sent, \"mail.read offline_access\"; check scope",
                "unauthorized_client", "This client may not use the refresh_token grant; allow it in the app registration",
                "unsupported_grant_type", "The server does not support the refresh_token grant",
                "invalid_request", "The server finds the request malformed",
                "access_denied", "The server denied access",
                "server_policy", "Retrying will not help");
        for (Map.Entry<String, String> error : advice.entrySet()) {
            Outcome outcome = fails("400 " + error.getKey(), n -> json(400, "{\"error\":\"" + error.getKey() + "\"}"));

            assertThat(outcome.requests).isEqualTo(1);
            assertThat(outcome.message).startsWith(endpoint.url() + REFUSED + error.getKey() + ". " + error.getValue());
            endpoint.close();
        }
    }

    @Test
    void a4xxWithoutAnOAuth2ErrorIsFinal() throws IOException {
        for (int status : new int[] {400, 403, 404}) {
            Outcome outcome = fails(status + " without JSON", n -> of(status, "text/html", "<html>no</html>"));

            assertThat(outcome.requests).isEqualTo(1);
            assertThat(outcome.message).isEqualTo(endpoint.url() + REFUSED + "HTTP " + status + " without an OAuth2 error."
                    + " Check token-url: is it the OAuth2 endpoint?");
            endpoint.close();
        }
    }

    @Test
    void aSuccessThatIsNotATokenResponseIsFinal() throws IOException {
        Outcome html = fails("HTML 200", n -> of(200, "text/html", "<html>sign in</html>"));
        assertThat(html.requests).isEqualTo(1);
        assertThat(html.message).isEqualTo(endpoint.url() + " answered refreshing the access token of " + ACCOUNT
                + " with HTTP 200 but not a JSON object. Check token-url: is it the OAuth2 endpoint?");
        endpoint.close();

        Outcome noToken = fails("200 without access_token", n -> json(200, "{\"token_type\":\"Bearer\"}"));
        assertThat(noToken.requests).isEqualTo(1);
        assertThat(noToken.message).contains("with HTTP 200 but no access_token. Check token-url");
        endpoint.close();

        Outcome mac = fails("token_type mac", n -> json(200, "{\"access_token\":\"" + ACCESS_TOKEN
                + "\",\"token_type\":\"mac\",\"expires_in\":3600}"));
        assertThat(mac.requests).isEqualTo(1);
        assertThat(mac.message).contains("with HTTP 200 but token_type \"mac\", and mail servers take Bearer tokens only");
    }

    @Test
    void aRedirectIsNotFollowedWithTheSecrets() throws IOException {
        Outcome outcome = fails("302 redirect", n -> of(302, "text/html", "").with("Location", "http://192.0.2.1/token"));

        assertThat(outcome.requests).isEqualTo(1);
        assertThat(outcome.message).contains("with HTTP 302, a redirect to http://192.0.2.1/token, not an OAuth2 answer."
                + " Set token-url to the endpoint itself");
    }

    // ---- server text: secrets echoed back are redacted, in messages and in logs ----

    @Test
    void secretsTheServerEchoesAreRedacted() throws IOException {
        String echo = "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token " + REFRESH_TOKEN
                + " of client " + CLIENT_SECRET + " \\u202Eis unknown\"}";
        Outcome refused = fails("secrets echoed in a 400", n -> json(400, echo));
        assertThat(refused.requests).isEqualTo(1);
        assertThat(refused.message).contains("invalid_grant (refresh token [redacted] of client [redacted] ?is unknown)");
        assertThat(new FileTokenStore(storeFile).read(ACCOUNT).orElseThrow().refusal())
                .isEqualTo("invalid_grant (refresh token [redacted] of client [redacted] ?is unknown)");
        endpoint.close();

        // retried: the description also goes into every DEBUG line of the retries
        Outcome retried = fails("secrets echoed in a 500", n -> json(500, echo.replace("invalid_grant", "server_error")));
        assertThat(retried.requests).isEqualTo(4);
        assertThat(retried.message).contains("HTTP 500 server_error (refresh token [redacted] of client [redacted]");
        assertThat(logs.lines()).anyMatch(line -> line.contains("retrying in"));
    }

    @Test
    void secretsSentInABasicHeaderAreRedactedToo() throws IOException {
        endpoint = new FakeTokenEndpoint(n -> json(400, "{\"error\":\"invalid_client\",\"error_description\":\"secret "
                + CLIENT_SECRET + " wrong\"}"));
        Map<String, String> props = Map.of("mail.oauth2.token-url", endpoint.url(), "mail.oauth2.client-id", "app",
                "mail.oauth2.client-secret", CLIENT_SECRET, "mail.oauth2.client-auth", "secret-basic",
                "mail.oauth2.store", storeFile.toString());

        assertThatThrownBy(() -> registry.forConnection("imaps", props).token(ALICE, null))
                .hasMessageContaining("(secret [redacted] wrong)");
        assertThat(endpoint.authorizations().get(0)).startsWith("Basic ");
    }

    // ---- numbers and shapes of expires_in ----

    @Test
    void expiresInAsANumericStringIsANumber() throws IOException {
        Instant before = Instant.now();
        AccessToken token = succeeds("expires_in \"3600\"", n -> token(ACCESS_TOKEN, "\"3600\""));

        assertThat(endpoint.requests()).isEqualTo(1);
        assertThat(token.expiresAt().orElseThrow()).isBetween(before.plusSeconds(3600), Instant.now().plusSeconds(3600));
    }

    @Test
    void anAbsurdExpiresInIsClampedToAYear() throws IOException {
        Instant before = Instant.now();
        AccessToken token = succeeds("expires_in 9223372036854775807", n -> token(ACCESS_TOKEN, Long.MAX_VALUE));

        assertThat(token.expiresAt().orElseThrow()).isBetween(before.plus(Duration.ofDays(365)),
                Instant.now().plus(Duration.ofDays(365)));
    }

    @Test
    void aTokenWhoseExpiryIsUnknownIsUsedOnce() throws IOException {
        for (Object expiresIn : new Object[] {-5, 0, "\"soon\"", "1e999999999999"}) {
            AccessToken token = succeeds("expires_in " + expiresIn, n -> token(ACCESS_TOKEN, expiresIn));
            assertThat(token.expiresAt()).as("expires_in %s", expiresIn).isEmpty();

            source(endpoint.url()).token(ALICE, null);
            assertThat(endpoint.requests()).as("expires_in %s", expiresIn).isEqualTo(2);
            endpoint.close();
        }
        assertThat(logs.lines()).anyMatch(line -> line.contains("expires_in \"soon\" is not a number of seconds"));
    }

    // ---- together: one retry series for every connect waiting, then a short back-off ----

    @Test
    void fiveConcurrentConnectsAgainstAFailingEndpointCostOneRetrySeries() throws Exception {
        endpoint = FakeTokenEndpoint.always(json(500, "{}"));
        TokenSource source = source(endpoint.url());
        int callers = 5;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<Outcome>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            results.add(pool.submit(() -> {
                start.await();
                long t0 = System.nanoTime();
                try {
                    // each connect looks its source up, as the SASL client does
                    registry.forConnection("imaps", Map.of("mail.oauth2.token-url", endpoint.url(), "mail.oauth2.client-id",
                            "app", "mail.oauth2.client-secret", CLIENT_SECRET, "mail.oauth2.store", storeFile.toString(),
                            "mail.oauth2.timeout", String.valueOf(TIMEOUT), "mail.oauth2.scope", "mail.read offline_access"))
                            .token(ALICE, null);
                    return null;
                } catch (IOException e) {
                    return new Outcome(0, Duration.ofNanos(System.nanoTime() - t0), e.getMessage());
                }
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        String message = null;
        for (Future<Outcome> result : results) {
            Outcome outcome = result.get(30, TimeUnit.SECONDS);
            assertThat(outcome).as("every connect fails").isNotNull();
            assertThat(outcome.took).isLessThan(WITHIN_TIMEOUT);
            message = message == null ? outcome.message : message;
            assertThat(outcome.message).isEqualTo(message);
        }
        pool.shutdown();
        System.out.printf("fault %-34s %2d requests, %5d ms for all%n", callers + " concurrent connects, 500",
                endpoint.requests(), Duration.ofNanos(System.nanoTime() - t0).toMillis());
        assertThat(endpoint.requests()).as("one retry series").isEqualTo(4);

        // within the back-off, the next connect fails at once with the same error, without a request
        assertThatThrownBy(() -> source.token(ALICE, null)).hasMessage(message);
        assertThat(endpoint.requests()).isEqualTo(4);
    }

    // ---- configuration: refused before any request ----

    @Test
    void aTokenUrlThatIsNotHttpsOrMalformedIsAConfigurationError() {
        for (String url : new String[] {"not a url", "file:///etc/passwd", "ftp://example.test/token", "https:///token",
                "example.test/token", "http://192.0.2.1/token"}) {
            assertThatThrownBy(() -> source(url)).as(url)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("mail.imaps.oauth2.token-url (or mail.oauth2.token-url");
        }
        assertThatThrownBy(() -> source("http://192.0.2.1/token")).hasMessageEndingWith("is \"http://192.0.2.1/token\":"
                + " plain http to a host that is not this machine: the client secret and tokens would cross the network"
                + " unencrypted. Use https (RFC 6749 requires TLS), or set allow-plaintext=true for a test rig");
        assertThatThrownBy(() -> source("file:///etc/passwd")).hasMessageEndingWith("is \"file:///etc/passwd\": not an https:// URL");
    }

    /** Accepts connections and resets each (TCP RST) once the request has come. */
    private static final class ResettingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();

        ResettingServer() throws IOException {
            Thread thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        accepted.incrementAndGet();
                        InputStream in = client.getInputStream();
                        in.read(new byte[16 * 1024]);
                        client.setSoLinger(true, 0);
                    } catch (IOException e) {
                        // closed by the test
                    }
                }
            }, "resetting-token-endpoint");
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/token";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
