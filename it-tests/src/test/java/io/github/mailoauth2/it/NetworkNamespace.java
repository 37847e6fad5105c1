package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace a test makes for itself (root, as CI runs): its own loopback and a veth pair,
 * both ends inside, one with {@code address}, an address that is not a loopback one, reached without
 * leaving this machine. Nothing outside the namespace is touched.
 */
final class NetworkNamespace implements AutoCloseable {
    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Whether this test may make one (root, and {@code ip netns} works). */
    static boolean available() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Creates {@code name} with {@code address}/24 on an interface {@code link}a (its peer {@code link}b).
     *
     * @param link at most 13 characters: interface names are short
     */
    static NetworkNamespace create(String name, String link, String address) throws IOException, InterruptedException {
        run("ip", "netns", "del", name); // a leftover of a killed run, if any
        check(run("ip", "netns", "add", name));
        NetworkNamespace namespace = new NetworkNamespace(name);
        check(run("ip", "-n", name, "link", "set", "lo", "up"));
        // a veth pair with both ends inside: an ordinary interface, where dummy devices may be missing
        check(run("ip", "-n", name, "link", "add", link + "a", "type", "veth", "peer", "name", link + "b"));
        check(run("ip", "-n", name, "addr", "add", address + "/24", "dev", link + "a"));
        check(run("ip", "-n", name, "link", "set", link + "a", "up"));
        check(run("ip", "-n", name, "link", "set", link + "b", "up"));
        return namespace;
    }

    /** Runs {@code mainClass} of the test class path in a JVM inside the namespace; returns what it printed. */
    String runJava(Class<?> mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(app.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("ip", "netns", "del", name);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static void check(int status) {
        assertThat(status).as("setting up the network namespace").isZero();
    }
}
