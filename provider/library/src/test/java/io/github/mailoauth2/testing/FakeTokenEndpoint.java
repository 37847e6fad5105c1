package io.github.mailoauth2.testing;

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
import java.util.stream.IntStream;

/**
 * The tests' one fake token endpoint, on 127.0.0.1 (the JDK's HTTP server): answers request n (from 1) as
 * its script says, given the request's form: any status, headers and body, late, or not at all (the connection
 * is closed without an answer); and keeps what each request sent. The library's, the command line's and the
 * integration tests' share it: the library's test-jar holds this package alone.
 */
public final class FakeTokenEndpoint implements AutoCloseable {
    /** Where oauth2.py's Google endpoints put the token endpoint, below its {@code GOOGLE_ACCOUNTS_BASE_URL}. */
    public static final String OAUTH2_PY_PATH = "/o/oauth2/token";

    /** One scripted answer. */
    public record Answer(int status, Map<String, String> headers, String body, Duration delay, boolean closes) {
        public static Answer of(int status, String contentType, String body) {
            return new Answer(status, Map.of("Content-Type", contentType), body, Duration.ZERO, false);
        }

        public static Answer json(int status, String body) {
            return of(status, "application/json", body);
        }

        public static Answer token(String accessToken, Object expiresIn) {
            return json(200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                    + expiresIn + "}");
        }

        /** Closes the connection without a status line. */
        public static Answer hangUp() {
            return new Answer(0, Map.of(), null, Duration.ZERO, true);
        }

        public Answer with(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Answer(status, more, body, delay, closes);
        }

        public Answer after(Duration wait) {
            return new Answer(status, headers, body, wait, closes);
        }
    }

    private final HttpServer server;
    private final String path;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fake-token-endpoint");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile BiFunction<Integer, String, Answer> script;

    public FakeTokenEndpoint(IntFunction<Answer> script) throws IOException {
        this((n, body) -> script.apply(n));
    }

    /** At {@code /token}, answers request n (from 1) as {@code script} says, given the request's body. */
    public FakeTokenEndpoint(BiFunction<Integer, String, Answer> script) throws IOException {
        this("/token", script);
    }

    /** At {@code path}, answers request n (from 1) as {@code script} says, given the request's body. */
    public FakeTokenEndpoint(String path, BiFunction<Integer, String, Answer> script) throws IOException {
        this.path = path;
        this.script = script;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            answer(exchange, this.script.apply(requests.incrementAndGet(), body));
        });
        server.setExecutor(threads);
        server.start();
    }

    /** Answers every request alike. */
    public static FakeTokenEndpoint always(Answer answer) throws IOException {
        return new FakeTokenEndpoint(n -> answer);
    }

    /** At {@code path}, answers every request alike. */
    public static FakeTokenEndpoint always(String path, Answer answer) throws IOException {
        return new FakeTokenEndpoint(path, (n, body) -> answer);
    }

    /** From now on answers every request with {@code status} and the JSON {@code json}. */
    public void answer(int status, String json) {
        Answer answer = Answer.json(status, json);
        script = (n, body) -> answer;
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

    /** {@code http://127.0.0.1:port}, e.g. what oauth2.py's {@code GOOGLE_ACCOUNTS_BASE_URL} would be. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The URL to give as {@code mail.oauth2.token-url}. */
    public String url() {
        return base() + path;
    }

    public int requests() {
        return requests.get();
    }

    /** The bodies of the requests so far, as sent. */
    public List<String> bodies() {
        return bodies;
    }

    /** The {@code Authorization} header of each request so far, {@code "null"} where there was none. */
    public List<String> authorizations() {
        return authorizations;
    }

    /** The form of request {@code i} (from 0), decoded. */
    public Map<String, String> form(int i) {
        Map<String, String> form = new HashMap<>();
        for (String field : bodies.get(i).split("&")) {
            String[] nv = field.split("=", 2);
            if (!nv[0].isEmpty()) {
                form.put(URLDecoder.decode(nv[0], StandardCharsets.UTF_8), URLDecoder.decode(nv.length > 1 ? nv[1] : "", StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /** The forms of the requests so far, decoded. */
    public List<Map<String, String>> forms() {
        return IntStream.range(0, bodies.size()).mapToObj(this::form).toList();
    }

    @Override
    public synchronized void close() {
        if (!threads.isShutdown()) {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
