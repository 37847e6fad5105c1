package io.github.mailoauth2.internal.sources;

import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.json;
import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.auth.oauth2.RefreshTokenRequest;
import io.github.mailoauth2.testing.FakeTokenEndpoint;
import io.github.mailoauth2.token.ClientAuthentication;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token endpoint's requests and its reading of answers, against a local fake; the faults of the
 * whole token path are in {@link TokenPathFaultTest}, the real endpoints (Keycloak,
 * mock-oauth2-server) in it-tests.
 */
class TokenEndpointTest {
    private FakeTokenEndpoint server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static TokenEndpoint endpoint(String url) {
        return endpoint(url, ClientAuthentication.clientSecretPost("app", "app-secret"));
    }

    private static TokenEndpoint endpoint(String url, ClientAuthentication authentication) {
        return new TokenEndpoint(url, "app", authentication, "https://outlook.office.com/IMAP.AccessAsUser.All offline_access",
                Duration.ofSeconds(3), Clock.systemUTC());
    }

    private static TokenResponse refresh(TokenEndpoint endpoint) throws IOException {
        return endpoint.execute("refreshing the access token of alice",
                url -> new RefreshTokenRequest(TokenEndpoint.TRANSPORT, TokenEndpoint.JSON, url, "the-refresh-token"));
    }

    @Test
    void aTokenResponseIsReadWithItsRotatedRefreshTokenAndTheScopeIsSent() throws IOException {
        server = FakeTokenEndpoint.always(json(200,
                "{\"access_token\":\"at-1\",\"expires_in\":3600,\"refresh_token\":\"rt-2\",\"token_type\":\"bearer\"}"));

        TokenResponse response = refresh(endpoint(server.url()));

        assertThat(response.accessToken().value()).isEqualTo("at-1");
        assertThat(response.accessToken().expiresAt()).isPresent();
        assertThat(response.refreshToken()).isEqualTo("rt-2");
        assertThat(server.bodies().get(0)).contains("grant_type=refresh_token", "refresh_token=the-refresh-token", "client_id=app",
                "scope=https%3A%2F%2Foutlook.office.com%2FIMAP.AccessAsUser.All+offline_access");
    }

    @Test
    void theClientAuthenticatesAsConfigured() throws IOException {
        server = FakeTokenEndpoint.always(token("at", 60));

        refresh(endpoint(server.url()));
        refresh(endpoint(server.url(), ClientAuthentication.clientSecretBasic("app", "s3cret:&=")));
        refresh(endpoint(server.url(), ClientAuthentication.publicClient("app")));

        assertThat(server.bodies().get(0)).contains("client_id=app", "client_secret=app-secret");
        assertThat(server.authorizations().get(0)).isEqualTo("null");
        // RFC 6749 2.3.1: id and secret form-encoded, then "id:secret" in base64
        assertThat(server.bodies().get(1)).doesNotContain("client_secret", "client_id");
        assertThat(server.authorizations().get(1)).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("app:s3cret%3A%26%3D".getBytes(StandardCharsets.UTF_8)));
        assertThat(server.bodies().get(2)).contains("client_id=app").doesNotContain("client_secret");
        assertThat(server.authorizations().get(2)).isEqualTo("null");
    }

    @Test
    void aBasicHeaderIsNotSentWhileTheJdksHttpLogWouldShowIt() throws IOException {
        server = FakeTokenEndpoint.always(token("at", 60));
        String credentials = Base64.getEncoder().encodeToString("app:basic-secret".getBytes(StandardCharsets.UTF_8));

        try (CapturedLogs jdk = new CapturedLogs(JdkHttpLog.LOGGER)) {
            assertThatThrownBy(() -> refresh(endpoint(server.url(), ClientAuthentication.clientSecretBasic("app", "basic-secret"))))
                    .hasMessageContaining("client-auth").hasMessageContaining("JDK's HTTP log (" + JdkHttpLog.LOGGER)
                    .hasMessageContaining("Set that logger to INFO, or use client-auth secret-post");
            // the body's secret is not a header: secret-post goes on, and the log shows no secret
            refresh(endpoint(server.url(), ClientAuthentication.clientSecretPost("app", "post-secret")));

            assertThat(jdk.lines()).as("the JDK's HTTP log is on and was written").isNotEmpty()
                    .noneMatch(line -> line.contains(credentials) || line.contains("secret"));
        }
        assertThat(server.authorizations()).doesNotContain("Basic " + credentials);
        // with the log at its default level, secret-basic works as before
        refresh(endpoint(server.url(), ClientAuthentication.clientSecretBasic("app", "basic-secret")));
        assertThat(server.authorizations()).contains("Basic " + credentials);
    }

    @Test
    void aServerCertificateThatIsRefusedIsFinalNotRetried(@TempDir Path dir) throws Exception {
        try (UntrustedTlsServer tls = new UntrustedTlsServer(dir)) {
            assertThatThrownBy(() -> refresh(endpoint("https://localhost:" + tls.port() + "/token")))
                    .isNotInstanceOf(TokenEndpointUnavailable.class)
                    .hasMessageStartingWith("https://localhost:" + tls.port() + "/token presented a TLS certificate that was refused"
                            + " (SSLHandshakeException: PKIX path building failed")
                    .hasMessageContaining("nothing was sent, and retrying cannot help. Check token-url");

            assertThat(tls.connections()).as("TLS connections: one attempt, no retries").isEqualTo(1);
        }
    }

    @Test
    void certificateFailuresAreToldFromNetworkFailures() {
        Exception wrongHost = new SSLHandshakeException("No subject alternative DNS name matching mail.example.test found.");
        wrongHost.initCause(new CertificateException("No subject alternative DNS name matching mail.example.test found."));
        Exception expired = new SSLHandshakeException("expired");
        expired.initCause(new CertificateExpiredException("NotAfter: ..."));

        assertThat(CertificateRejection.in(wrongHost)).isTrue();
        assertThat(CertificateRejection.in(expired)).isTrue();
        assertThat(CertificateRejection.in(new SSLPeerUnverifiedException("peer not authenticated"))).isTrue();
        assertThat(CertificateRejection.in(new SSLHandshakeException("Remote host terminated the handshake"))).isFalse();
        assertThat(CertificateRejection.in(new SocketException("Connection reset"))).isFalse();
    }

    @Test
    void aTransientFailureIsRetriedUntilATokenComes() throws IOException {
        server = new FakeTokenEndpoint(n -> n == 1 ? FakeTokenEndpoint.Answer.of(503, "text/html", "<html>busy</html>")
                : token("at-2", 60));

        assertThat(refresh(endpoint(server.url())).accessToken().value()).isEqualTo("at-2");
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void anOAuth2ErrorIsFinalEvenInASuccessfulAnswer() throws IOException {
        server = FakeTokenEndpoint.always(json(200, "{\"error\":\"invalid_grant\",\"error_description\":\"Token is not active\"}"));

        assertThatThrownBy(() -> refresh(endpoint(server.url())))
                .isInstanceOf(TokenEndpointRefusal.class)
                .hasMessage(server.url() + " refused refreshing the access token of alice: invalid_grant (Token is not active)."
                        + " The grant (refresh_token) is invalid, expired or revoked; authorize again");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void aClientAuthenticationThatFailsSendsNothingAndIsNotRetried() throws IOException {
        server = FakeTokenEndpoint.always(token("at", 60));
        TokenEndpoint failing = endpoint(server.url(), (url, form, headers) -> {
            throw new IOException("the key file cannot be read");
        });
        TokenEndpoint buggy = endpoint(server.url(), (url, form, headers) -> {
            throw new IllegalStateException("a plug-in's bug");
        });

        assertThatThrownBy(() -> refresh(failing)).isExactlyInstanceOf(IOException.class)
                .hasMessage("the client authentication (client-auth) for refreshing the access token of alice failed:"
                        + " IOException: the key file cannot be read");
        assertThatThrownBy(() -> refresh(buggy)).isExactlyInstanceOf(IOException.class)
                .hasMessageContaining("IllegalStateException: a plug-in's bug");
        assertThat(server.requests()).isZero();
    }

    @Test
    void anUncheckedExceptionWhileBuildingTheRequestBecomesAnIOException() {
        TokenEndpoint endpoint = endpoint("http://127.0.0.1:9/token");

        assertThatThrownBy(() -> endpoint.execute("refreshing", url -> {
            throw new IllegalArgumentException("no");
        })).isExactlyInstanceOf(IOException.class).hasMessage("unexpected IllegalArgumentException: no while refreshing"
                + " at http://127.0.0.1:9/token").hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusedConnectionIsReported() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/token";

        assertThatThrownBy(() -> refresh(endpoint(url)))
                .isInstanceOf(TokenEndpointUnavailable.class)
                .hasMessageStartingWith(url + " did not answer").hasMessageContaining("ConnectException");
    }

    @Test
    void retryAfterIsReadInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        assertThat(RetryAfter.parse("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 10:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 09:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("99999999999999999999", now)).isEqualTo(Duration.ofDays(1));
        assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", now)).isEqualTo(Duration.ofDays(1));
        assertThat(RetryAfter.parse("-5", now)).isNull();
        assertThat(RetryAfter.parse("soon", now)).isNull();
        assertThat(RetryAfter.parse(null, now)).isNull();
    }

    @Test
    void httpTokenUrlsAreAllowedToLoopbackByDefaultAndElsewhereOnlyWhenOptedIn() throws ConfigurationException {
        TokenEndpoint.checkUrl(config(Map.of()), "token-url", "https://login.example.test/token");
        TokenEndpoint.checkUrl(config(Map.of()), "token-url", "http://127.0.0.1:8080/token");
        TokenEndpoint.checkUrl(config(Map.of()), "token-url", "http://localhost:8080/token");
        TokenEndpoint.checkUrl(config(Map.of()), "token-url", "http://[::1]:8080/token");
        TokenEndpoint.checkUrl(config(Map.of("mail.oauth2.allow-plaintext", "true")), "token-url", "http://192.0.2.1/token");

        assertThatThrownBy(() -> TokenEndpoint.checkUrl(config(Map.of()), "token-url", "http://192.0.2.1/token"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("plain http to a host that is not this machine");
        assertThatThrownBy(() -> TokenEndpoint.checkUrl(config(Map.of("mail.oauth2.allow-plaintext", "false")), "token-url",
                "http://127.0.0.1:8080/token")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("plain http, which mail.oauth2.allow-plaintext=false refuses to every host, this machine's too")
                .hasMessageNotContaining("not this machine");
        assertThatThrownBy(() -> TokenEndpoint.checkUrl(config(Map.of()), "token-url", "https://exa mple.test/\u0000"))
                .hasMessageEndingWith("is \"https://exa mple.test/?\": not a URL (Illegal character in authority)");
    }

    private static OAuth2Config config(Map<String, String> props) {
        return OAuth2Config.of("imap", props);
    }
}
