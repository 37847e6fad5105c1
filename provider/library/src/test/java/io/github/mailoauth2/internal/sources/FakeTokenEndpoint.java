package io.github.mailoauth2.internal.sources;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * A token endpoint on 127.0.0.1 that answers request n (from 1) as its script says: any status,
 * headers and body, late, or not at all (the connection is closed without an answer).
 */
final class FakeTokenEndpoint implements AutoCloseable {

    /** One scripted answer. */
    record Answer(int status, Map<String, String> headers, String body, Duration delay, boolean closes) {
        static Answer of(int status, String contentType, String body) {
            return new Answer(status, Map.of("Content-Type", contentType), body, Duration.ZERO, false);
        }

        static Answer json(int status, String body) {
            return of(status, "application/json", body);
        }

        static Answer token(String accessToken, Object expiresIn) {
            return json(200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                    + expiresIn + "}");
        }

        /** Closes the connection without a status line. */
        static Answer hangUp() {
            return new Answer(0, Map.of(), null, Duration.ZERO, true);
        }

        Answer with(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Answer(status, more, body, delay, closes);
        }

        Answer after(Duration wait) {
            return new Answer(status, headers, body, wait, closes);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    FakeTokenEndpoint(IntFunction<Answer> script) throws IOException {
        this((n, body) -> script.apply(n));
    }

    /** Answers request n (from 1) as {@code script} says, given the request's body. */
    FakeTokenEndpoint(BiFunction<Integer, String, Answer> script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            answer(exchange, script.apply(requests.incrementAndGet(), body));
        });
        server.setExecutor(threads);
        server.start();
    }

    /** Answers every request alike. */
    static FakeTokenEndpoint always(Answer answer) throws IOException {
        return new FakeTokenEndpoint(n -> answer);
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        try {
            Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (answer.closes()) {
            exchange.close();
            return;
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    int requests() {
        return requests.get();
    }

    /** The form of request {@code i} (from 0), decoded. */
    Map<String, String> form(int i) {
        Map<String, String> form = new HashMap<>();
        for (String field : bodies.get(i).split("&")) {
            String[] nv = field.split("=", 2);
            form.put(URLDecoder.decode(nv[0], StandardCharsets.UTF_8), URLDecoder.decode(nv.length > 1 ? nv[1] : "", StandardCharsets.UTF_8));
        }
        return form;
    }

    @Override
    public synchronized void close() {
        if (!threads.isShutdown()) {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
