package io.github.mailoauth2.it;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A TLS token endpoint on 127.0.0.1 that relays what arrives through the proxy (from
 * {@link Tinyproxy#OUTGOING}) to the lab's mock-oauth2-server, whose tokens the lab's Dovecot takes
 * (or to other endpoints of the lab's servers), and refuses, counting it, what comes directly.
 */
final class RelayingTokenEndpoint implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final AtomicInteger relayed = new AtomicInteger();
    final AtomicInteger direct = new AtomicInteger();
    private final HttpsServer server;

    RelayingTokenEndpoint(Path keys, String password) throws IOException, GeneralSecurityException {
        this(keys, password, Map.of("/token", Lab.MOCK_TOKEN_URL));
    }

    /** Relays each path of {@code upstreams} (e.g. {@code /token}) to its URL. */
    RelayingTokenEndpoint(Path keys, String password, Map<String, String> upstreams) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(keys.toFile(), password.toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        upstreams.forEach((path, upstream) -> server.createContext(path, exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] form = in.readAllBytes();
                if (!exchange.getRemoteAddress().getAddress().getHostAddress().equals(Tinyproxy.OUTGOING)) {
                    direct.incrementAndGet();
                    exchange.sendResponseHeaders(403, -1);
                    return;
                }
                relayed.incrementAndGet();
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(form));
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<byte[]> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        server.start();
    }

    /** host:port, as the proxy's log names it. */
    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String url() {
        return url("/token");
    }

    String url(String path) {
        return "https://" + hostPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
