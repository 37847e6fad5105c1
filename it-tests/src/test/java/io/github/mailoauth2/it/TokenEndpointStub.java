package io.github.mailoauth2.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A token endpoint on 127.0.0.1 for what needs no lab (the example plug-ins' test, the refresh benchmark):
 * it answers the refresh-token grant, after a delay, with a new access token of a fixed lifetime and a
 * rotated refresh token, and records each answer with the moment it gave it, so that tests and benchmarks
 * judge the code under test from outside. Its tokens are made up ({@code access-1}, {@code refresh-1}, ...).
 */
public final class TokenEndpointStub implements AutoCloseable {
    /**
     * One answer to the refresh-token grant.
     *
     * @param refreshTokenIn the refresh token the client sent
     * @param accessToken the access token it got
     * @param refreshTokenOut the refresh token it got in exchange
     * @param sentAtNanos {@link System#nanoTime()} just before the answer went out: no client had this token earlier
     */
    public record Grant(String refreshTokenIn, String accessToken, String refreshTokenOut, long sentAtNanos) {
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final Duration delay;
    private final Duration lifetime;
    private final List<Grant> grants = new CopyOnWriteArrayList<>();

    /**
     * @param delay how long each answer takes
     * @param lifetime the access tokens' {@code expires_in}, whole seconds
     */
    public TokenEndpointStub(Duration delay, Duration lifetime) throws IOException {
        this.delay = delay;
        this.lifetime = lifetime;
        threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "token-endpoint-stub");
            thread.setDaemon(true);
            return thread;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"refresh_token".equals(form.get("grant_type")) || form.get("refresh_token") == null) {
                send(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
                return;
            }
            Thread.sleep(delay.toMillis());
            int n;
            Grant grant;
            synchronized (grants) {
                n = grants.size() + 1;
                grant = new Grant(form.get("refresh_token"), "access-" + n, "refresh-" + n, System.nanoTime());
                grants.add(grant);
            }
            send(exchange, 200, "{\"access_token\":\"" + grant.accessToken() + "\",\"expires_in\":" + lifetime.toSeconds()
                    + ",\"token_type\":\"Bearer\",\"refresh_token\":\"" + grant.refreshTokenOut() + "\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /** The URL to give as {@code mail.oauth2.token-url}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** Every token handed out so far, in order. */
    public List<Grant> grants() {
        return List.copyOf(grants);
    }

    /** The lifetime this endpoint gives its tokens. */
    public Duration lifetime() {
        return lifetime;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
