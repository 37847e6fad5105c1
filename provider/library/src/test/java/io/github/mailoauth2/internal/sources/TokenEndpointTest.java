package io.github.mailoauth2.internal.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.auth.oauth2.RefreshTokenRequest;
import com.sun.net.httpserver.HttpServer;
import io.github.mailoauth2.token.ClientAuthentication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failure injection: a local HTTP server plays a token endpoint that fails or lies. The real
 * endpoints (Keycloak, mock-oauth2-server) are exercised in it-tests.
 */
class TokenEndpointTest {
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    /** Answers request n (from 1) with the status and body {@code answers} gives; a null body sleeps 5 s. */
    private String serve(IntFunction<Object[]> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Object[] answer = answers.apply(requests.incrementAndGet());
            if (answer[1] == null) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = String.valueOf(answer[1]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders((Integer) answer[0], body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static TokenEndpoint endpoint(String url, Duration timeout) {
        return endpoint(url, timeout, ClientAuthentication.clientSecretPost("app", "app-secret"));
    }

    private static TokenEndpoint endpoint(String url, Duration timeout, ClientAuthentication authentication) {
        return new TokenEndpoint(url, "app", authentication, "https://outlook.office.com/IMAP.AccessAsUser.All offline_access",
                timeout, Clock.systemUTC());
    }

    private static TokenEndpoint.AccessTokenResponse refresh(TokenEndpoint endpoint) throws IOException {
        return endpoint.execute("refreshing the access token of alice",
                url -> new RefreshTokenRequest(TokenEndpoint.TRANSPORT, TokenEndpoint.JSON, url, "the-refresh-token"));
    }

    @Test
    void aTokenResponseIsReadWithItsRotatedRefreshTokenAndTheScopeIsSent() throws IOException {
        String url = serve(n -> new Object[] {200,
                "{\"access_token\":\"at-1\",\"expires_in\":3600,\"refresh_token\":\"rt-2\",\"token_type\":\"Bearer\"}"});

        TokenEndpoint.AccessTokenResponse response = refresh(endpoint(url, Duration.ofSeconds(10)));

        assertThat(response.token().value()).isEqualTo("at-1");
        assertThat(response.token().expiresAt()).isPresent();
        assertThat(response.refreshToken()).isEqualTo("rt-2");
        assertThat(bodies.get(0)).contains("grant_type=refresh_token", "refresh_token=the-refresh-token", "client_id=app",
                "scope=https%3A%2F%2Foutlook.office.com%2FIMAP.AccessAsUser.All+offline_access");
    }

    @Test
    void theClientAuthenticatesAsConfigured() throws IOException {
        String url = serve(n -> new Object[] {200, "{\"access_token\":\"at\",\"expires_in\":60}"});

        refresh(endpoint(url, Duration.ofSeconds(10)));
        refresh(endpoint(url, Duration.ofSeconds(10), ClientAuthentication.clientSecretBasic("app", "s3cret:&=")));
        refresh(endpoint(url, Duration.ofSeconds(10), ClientAuthentication.publicClient("app")));

        assertThat(bodies.get(0)).contains("client_id=app", "client_secret=app-secret");
        assertThat(authorizations.get(0)).isEqualTo("null");
        // RFC 6749 2.3.1: id and secret form-encoded, then "id:secret" in base64
        assertThat(bodies.get(1)).doesNotContain("client_secret", "client_id");
        assertThat(authorizations.get(1)).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("app:s3cret%3A%26%3D".getBytes(StandardCharsets.UTF_8)));
        assertThat(bodies.get(2)).contains("client_id=app").doesNotContain("client_secret");
        assertThat(authorizations.get(2)).isEqualTo("null");
    }

    @Test
    void transientFailuresAreRetriedUntilATokenComes() throws IOException {
        String url = serve(n -> n == 1 ? new Object[] {503, "<html>busy</html>"}
                : n == 2 ? new Object[] {200, "this is not json"}
                : new Object[] {200, "{\"access_token\":\"at-3\",\"expires_in\":60}"});

        assertThat(refresh(endpoint(url, Duration.ofSeconds(10))).token().value()).isEqualTo("at-3");
        assertThat(requests).hasValue(3);
    }

    @Test
    void invalidGrantIsPermanentAndSaysSoAtOnce() throws IOException {
        String url = serve(n -> new Object[] {400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token is not active\"}"});

        assertThatThrownBy(() -> refresh(endpoint(url, Duration.ofSeconds(10))))
                .isInstanceOf(TokenEndpointRefusal.class)
                .hasMessage(url + " refused refreshing the access token of alice: invalid_grant (Token is not active)");
        assertThat(requests).hasValue(1);
    }

    @Test
    void anEndpointThatKeepsFailingGivesUpWithinTheTimeout() throws IOException {
        String url = serve(n -> new Object[] {500, "{}"});

        assertThatThrownBy(() -> refresh(endpoint(url, Duration.ofSeconds(2))))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(url + " did not answer refreshing the access token of alice with a token: HTTP 500")
                .hasMessageContaining("Check that the token endpoint is reachable")
                .message().doesNotContain("the-refresh-token").doesNotContain("app-secret");
        assertThat(requests.get()).isBetween(2, 5);
    }

    @Test
    void aSilentEndpointTimesOut() throws IOException {
        String url = serve(n -> new Object[] {200, null});

        assertThatThrownBy(() -> refresh(endpoint(url, Duration.ofSeconds(1))))
                .hasMessageContaining("SocketTimeoutException");
    }

    @Test
    void aRefusedConnectionIsReported() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/token";

        assertThatThrownBy(() -> refresh(endpoint(url, Duration.ofSeconds(1))))
                .hasMessageStartingWith(url + " did not answer").hasMessageContaining("ConnectException");
    }

    @Test
    void anAnswerWithoutAnAccessTokenIsNotAToken() throws IOException {
        String url = serve(n -> new Object[] {200, "{\"token_type\":\"Bearer\"}"});

        assertThatThrownBy(() -> refresh(endpoint(url, Duration.ofSeconds(1))))
                .hasMessageContaining("the answer has no access_token");
    }
}
