package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A tinyproxy (Debian's package, installed by the lab) of one test: its own port, configuration and
 * log, stopped by its PID. Its outgoing connections leave from {@link #OUTGOING}, so that a server can
 * tell a request that crossed it from one that came directly from 127.0.0.1.
 */
final class Tinyproxy implements AutoCloseable {
    static final String OUTGOING = "127.0.0.2";
    /** The Basic credentials the tests' proxies ask for when they ask for some. */
    static final String USER = "proxyuser";
    static final String PASSWORD = "proxy-pw-4711";
    final int port;
    private final Path log;
    private final Process process;

    private Tinyproxy(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Whether the package is installed ({@code it-tests/lab/install.sh} does). */
    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/tinyproxy"));
    }

    /**
     * Starts one in {@code dir}; with {@code user}, it asks for Basic credentials ({@code password}).
     */
    static Tinyproxy start(Path dir, String user, String password) throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path log = dir.resolve("tinyproxy-" + port + ".log");
        Path config = dir.resolve("tinyproxy-" + port + ".conf");
        Files.writeString(config, "Port " + port + "\nListen 127.0.0.1\nBind " + OUTGOING + "\nTimeout 30\n"
                + "LogFile \"" + log + "\"\nLogLevel Connect\nMaxClients 20\nAllow 127.0.0.1\n"
                + (user == null ? "" : "BasicAuth " + user + " " + password + "\n"));
        Process process = new ProcessBuilder("/usr/bin/tinyproxy", "-d", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("tinyproxy-" + port + ".out").toFile()).start();
        Tinyproxy proxy = new Tinyproxy(port, log, process);
        for (int i = 0; i < 200 && !proxy.listens(); i++) {
            assertThat(process.isAlive()).as("tinyproxy runs: %s", config).isTrue();
            Thread.sleep(50);
        }
        assertThat(proxy.listens()).as("tinyproxy listens on %d", port).isTrue();
        return proxy;
    }

    private boolean listens() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** How many CONNECT requests to {@code hostPort} its log shows. */
    long connects(String hostPort) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("): CONNECT " + hostPort + " HTTP/")).count();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
