package io.github.mailoauth2.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The sandbox's browser, for {@code authorize --browser}: fetches the URL and follows the redirects,
 * as a browser does when the consent page has nothing to click. mock-oauth2-server's authorization
 * endpoint redirects straight back to the command line's loopback address with a code.
 */
public final class HeadlessBrowser {
    private HeadlessBrowser() {
    }

    public static void main(String[] args) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(args[args.length - 1]))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
        System.exit(response.statusCode() < 400 ? 0 : 1);
    }

    /**
     * The {@code --browser} command that runs this class: this JVM's {@code java} with this class's
     * directory or jar. {@code --browser} splits its command at white space, so where a path has
     * some, {@code curl -sfL -o /dev/null} does the same job.
     */
    static String command() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes;
        try {
            classes = Path.of(HeadlessBrowser.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            return "curl -sfL -o /dev/null";
        }
        String command = java + " -cp " + classes + " " + HeadlessBrowser.class.getName();
        return (java + classes).matches(".*\\s.*") ? "curl -sfL -o /dev/null" : command;
    }
}
