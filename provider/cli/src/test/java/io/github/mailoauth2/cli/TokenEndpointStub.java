package io.github.mailoauth2.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An OAuth2 token endpoint on 127.0.0.1 (the JDK's HTTP server) at oauth2.py's path
 * {@code /o/oauth2/token}: answers every request with the status and JSON it is given, and keeps
 * the forms it received.
 */
final class TokenEndpointStub implements AutoCloseable {
    private final HttpServer server;
    private final List<Map<String, String>> forms = Collections.synchronizedList(new ArrayList<>());
    private volatile int status = 200;
    private volatile String json;

    TokenEndpointStub(String json) throws IOException {
        this.json = json;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/o/oauth2/token", exchange -> {
            forms.add(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] body = this.json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** What oauth2.py's {@code GOOGLE_ACCOUNTS_BASE_URL} would be. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String tokenUrl() {
        return base() + "/o/oauth2/token";
    }

    void answer(int status, String json) {
        this.status = status;
        this.json = json;
    }

    List<Map<String, String>> forms() {
        return List.copyOf(forms);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
