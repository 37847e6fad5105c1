package io.github.mailoauth2.it;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Tomcat from its distribution ({@code catalina.sh run}), with a {@code CATALINA_BASE} of the test's own: the
 * distribution's {@code conf/} on a free HTTP port (no shutdown port), our logger at FINE, and whatever the test puts
 * into {@code lib/} and {@code webapps/}. Its console goes to {@code target/it-output} for {@link LeakScanIT}.
 */
final class Tomcat implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path base;
    final Path console;
    private final Path home;
    private final int port;
    private Process process;

    Tomcat(Path home, Path base) throws IOException {
        this.home = home;
        this.base = base;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        for (String d : new String[] {"conf", "lib", "logs", "temp", "work", "webapps"}) {
            Files.createDirectories(base.resolve(d));
        }
        try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
            for (Path file : conf.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
            }
        }
        Path server = base.resolve("conf/server.xml");
        Files.writeString(server, Files.readString(server).replace("port=\"8005\"", "port=\"-1\"")
                .replace("port=\"8080\"", "port=\"" + port + "\""));
        Files.writeString(base.resolve("conf/logging.properties"), "\nio.github.mailoauth2.level = FINE\n",
                java.nio.file.StandardOpenOption.APPEND);
        console = Path.of(System.getProperty("it.output", "target/it-output"), "tomcat-" + base.getFileName() + ".out");
    }

    /** Starts it with {@code environment} added, and waits until it answers HTTP (its web applications are deployed then). */
    void start(Map<String, String> environment) throws IOException, InterruptedException {
        Files.createDirectories(console.getParent());
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/catalina.sh").toString(), "run").redirectErrorStream(true)
                .redirectOutput(console.toFile());
        builder.environment().putAll(Map.of("CATALINA_HOME", home.toString(), "CATALINA_BASE", base.toString(),
                "JAVA_HOME", System.getProperty("java.home"),
                "CATALINA_OPTS", "-Djavax.net.ssl.trustStore=" + Lab.truststore() + " -Djavax.net.ssl.trustStorePassword=changeit"
                        // no jar of the test's has web fragments or annotations: skip scanning them
                        + " -Dtomcat.util.scan.StandardJarScanFilter.jarsToSkip=*.jar"));
        builder.environment().putAll(environment);
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                get("/");
                return;
            } catch (ConnectException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("Tomcat did not start; its console:\n" + Files.readString(console), e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** The body of {@code GET path} on its HTTP port. */
    String get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Stops it (SIGTERM: Tomcat's shutdown hook) and waits for its JVM to end. */
    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
