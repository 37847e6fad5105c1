package io.github.mailoauth2.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Receives the authorization redirect on {@code http://127.0.0.1:<port>/} (RFC 8252 loopback),
 * checks its {@code state}, and shows the browser a small page saying what happened. Written on
 * the JDK's HTTP server rather than google-oauth-client-jetty's receiver because it must check
 * {@code state} and serve our own pages.
 */
final class LoopbackReceiver implements AutoCloseable {
    private final HttpServer server;
    private final CompletableFuture<String> code = new CompletableFuture<>();
    /** Known once the authorization URL is built, which needs this receiver's port first. */
    private volatile String expectedState;

    LoopbackReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The {@code state} the redirect must carry back. */
    void expect(String state) {
        expectedState = state;
    }

    /** Where the provider must redirect: {@code http://127.0.0.1:<port>/}. */
    String redirectUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        if (!query.containsKey("code") && !query.containsKey("error")) {
            respond(exchange, 404, page("error", "Nothing here", "This address only receives the authorization redirect."));
            return;
        }
        if (expectedState == null || !expectedState.equals(query.get("state"))) {
            respond(exchange, 400, page("error", "Authorization not accepted",
                    "The answer does not belong to this authorization request (state mismatch). Run authorize again."));
            code.completeExceptionally(CliFailure.auth("the redirect's state does not match this request: it came from another"
                    + " authorization attempt, or was forged; run authorize again"));
        } else if (query.containsKey("error")) {
            String error = query.get("error");
            String description = query.getOrDefault("error_description", "");
            boolean denied = "access_denied".equals(error);
            respond(exchange, 200, page(denied ? "denied" : "error", denied ? "Access denied" : "Authorization failed",
                    denied ? "You did not allow access. Nothing was stored. You can close this window."
                            : "The provider answered: " + error + (description.isEmpty() ? "" : " (" + description + ")")));
            code.completeExceptionally(CliFailure.auth(denied ? "access was denied in the browser; nothing was stored"
                    : "the provider refused the authorization: " + error + (description.isEmpty() ? "" : " (" + description + ")")));
        } else {
            respond(exchange, 200, page("success", "Authorized",
                    "mail-oauth2 received the authorization. You can close this window and return to the terminal."));
            code.complete(query.get("code"));
        }
    }

    /** Waits for the redirect. */
    String awaitCode(Duration timeout) {
        try {
            return code.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw CliFailure.auth("no answer from the browser within " + timeout.toSeconds() + " s; run authorize again"
                    + " (or use --no-browser and paste the address the browser ended at)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof CliFailure failure ? failure : CliFailure.auth(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.auth("interrupted while waiting for the browser");
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    /** One of the HTML templates, with the title and the message filled in (HTML-escaped). */
    static String page(String kind, String title, String message) {
        try (InputStream in = LoopbackReceiver.class.getResourceAsStream("loopback-page.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{kind}", kind).replace("{title}", escape(title)).replace("{message}", escape(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void respond(HttpExchange exchange, int status, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
