package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code refresh --all}: every stored account, one line each, no token shown, a failure does not stop the rest. */
class RefreshAllTest {
    @TempDir
    Path dir;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void everyStoredAccountIsRefreshedAndAFailureIsNamed() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean revoked = body.contains("refresh_token=rt-revoked");
            byte[] answer = (revoked ? "{\"error\":\"invalid_grant\"}"
                    : "{\"access_token\":\"at-fresh\",\"token_type\":\"Bearer\",\"expires_in\":3600}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(revoked ? 400 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = new FileTokenStore(file);
        Instant then = Instant.now().minusSeconds(86_400 * 30);
        store.compareAndSet("alice@example.test", null, new StoredAccount("rt-alice", null, null, null, url, "app", then));
        store.compareAndSet("bob@example.test", null, new StoredAccount("rt-revoked", null, null, null, url, "app", then));
        StringWriter out = new StringWriter();

        int status = Main.execute(new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true), "refresh", "--all", "--store", file.toString());

        assertThat(status).isEqualTo(1);
        String[] lines = out.toString().split("\\R");
        assertThat(lines[0]).startsWith("alice@example.test: refreshed, access token valid until ");
        assertThat(lines[1]).startsWith("bob@example.test: FAILED ").contains("invalid_grant");
        assertThat(out.toString()).doesNotContain("at-fresh", "rt-alice", "rt-revoked");
        assertThat(store.read("alice@example.test").orElseThrow().accessToken()).isEqualTo("at-fresh");
    }
}
