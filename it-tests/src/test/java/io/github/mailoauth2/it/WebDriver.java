package io.github.mailoauth2.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Headless Chromium (Debian's chromium and chromium-driver) driven over the W3C WebDriver protocol:
 * just enough of it to fill in a login form like a person would.
 */
final class WebDriver implements AutoCloseable {
    private static final String ELEMENT = "element-6066-11e4-a52f-4d65726c656d656e";
    private final HttpClient http = HttpClient.newHttpClient();
    private final Process driver;
    private final String base;
    private final String session;

    WebDriver(Path profile) throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        driver = new ProcessBuilder("/usr/bin/chromedriver", "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://127.0.0.1:" + port;
        waitUntilUp();
        JsonObject options = new JsonObject();
        options.addProperty("binary", "/usr/bin/chromium");
        JsonArray args = new JsonArray();
        for (String arg : List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1000,800", "--user-data-dir=" + profile)) {
            args.add(arg);
        }
        options.add("args", args);
        JsonObject match = new JsonObject();
        match.addProperty("browserName", "chrome");
        match.add("goog:chromeOptions", options);
        JsonObject capabilities = new JsonObject();
        capabilities.add("alwaysMatch", match);
        JsonObject body = new JsonObject();
        body.add("capabilities", capabilities);
        session = call("POST", "/session", body).getAsJsonObject("value").get("sessionId").getAsString();
    }

    void open(String url) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("url", url);
        call("POST", "/session/" + session + "/url", body);
    }

    /** Replaces what the field holds (a login hint may have filled it in) with {@code text}. */
    void type(String cssSelector, String text) throws IOException, InterruptedException {
        String element = find(cssSelector);
        call("POST", "/session/" + session + "/element/" + element + "/clear", new JsonObject());
        JsonObject body = new JsonObject();
        body.addProperty("text", text);
        call("POST", "/session/" + session + "/element/" + element + "/value", body);
    }

    void click(String cssSelector) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/element/" + find(cssSelector) + "/click", new JsonObject());
    }

    String url() throws IOException, InterruptedException {
        return call("GET", "/session/" + session + "/url", null).get("value").getAsString();
    }

    String source() throws IOException, InterruptedException {
        return call("GET", "/session/" + session + "/source", null).get("value").getAsString();
    }

    void screenshot(Path png) throws IOException, InterruptedException {
        Files.write(png, Base64.getDecoder().decode(call("GET", "/session/" + session + "/screenshot", null).get("value").getAsString()));
    }

    private String find(String cssSelector) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("using", "css selector");
        body.addProperty("value", cssSelector);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                JsonObject element = call("POST", "/session/" + session + "/element", body).getAsJsonObject("value");
                // W3C names the reference ELEMENT's long key; older drivers say "ELEMENT"
                return (element.has(ELEMENT) ? element.get(ELEMENT) : element.entrySet().iterator().next().getValue()).getAsString();
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private JsonObject call(String method, String path, JsonObject body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("WebDriver " + method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private void waitUntilUp() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                call("GET", "/status", null);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("chromedriver did not start; is chromium-driver installed (lab/install.sh)?", e);
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        try {
            call("DELETE", "/session/" + session, null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the driver goes anyway
        }
        driver.destroy();
    }
}
