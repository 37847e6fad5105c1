package io.github.mailoauth2.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP relay in front of a real token endpoint that counts the token requests, so tests count
 * them outside the code under test. It can also play dead (connection refused is {@link #close}), or fail each
 * request with a status of its choice ({@link #fail}) until it {@link #heal}s.
 */
final class CountingProxy implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Failure failing;

    private record Failure(int status, String retryAfter) {
    }
    private final HttpClient client = HttpClient.newHttpClient();

    CountingProxy(String target) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            Failure failure = failing;
            if (failure != null) {
                if (failure.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", failure.retryAfter());
                }
                exchange.sendResponseHeaders(failure.status(), -1);
                exchange.close();
                return;
            }
            try {
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
                for (String header : new String[] {"Content-Type", "Authorization", "Accept"}) {
                    String value = exchange.getRequestHeaders().getFirst(header);
                    if (value != null) {
                        forward.header(header, value);
                    }
                }
                HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    int requests() {
        return requests.get();
    }

    /** Answers each request with {@code status} (and {@code Retry-After} unless {@code null}) instead of relaying it. */
    void fail(int status, String retryAfter) {
        failing = new Failure(status, retryAfter);
    }

    /** Relays again. */
    void heal() {
        failing = null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
