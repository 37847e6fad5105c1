package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TLS rule where it matters: a mail server without TLS on another host. The host is a network
 * namespace this test makes (a veth interface with 10.213.0.2; root, as CI runs): an address that is
 * not a loopback address, reached without leaving this machine. With the README's properties the
 * token must not go out; with allow-plaintext=true (the test-rig switch) the same login works, which
 * shows that the refusal, not the network, stopped it.
 */
class NonLoopbackPlaintextIT {
    private static final String NAMESPACE = "mail-oauth2-it";
    private static final String ADDRESS = "10.213.0.2";

    @BeforeAll
    static void namespace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for a network namespace");
        run("ip", "netns", "del", NAMESPACE); // a leftover of a killed run, if any
        assumeTrue(run("ip", "netns", "add", NAMESPACE) == 0, "ip netns is not available here");
        check(run("ip", "-n", NAMESPACE, "link", "set", "lo", "up"));
        // a veth pair with both ends inside: an ordinary interface, where dummy devices may be missing
        check(run("ip", "-n", NAMESPACE, "link", "add", "mo2a", "type", "veth", "peer", "name", "mo2b"));
        check(run("ip", "-n", NAMESPACE, "addr", "add", ADDRESS + "/24", "dev", "mo2a"));
        check(run("ip", "-n", NAMESPACE, "link", "set", "mo2a", "up"));
        check(run("ip", "-n", NAMESPACE, "link", "set", "mo2b", "up"));
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        run("ip", "netns", "del", NAMESPACE);
    }

    @Test
    void theTokenDoesNotCrossAPlaintextConnectionToAnotherHost() throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", NAMESPACE,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NonLoopbackPlaintextApp.class.getName(), ADDRESS));
        Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(app.waitFor(90, TimeUnit.SECONDS)).isTrue();

        assertThat(output).contains(
                "imap allow-plaintext=default: REFUSED nothing-sent",
                "smtp allow-plaintext=default: REFUSED nothing-sent",
                "imap allow-plaintext=true: LOGGED-IN auth-sent",
                "smtp allow-plaintext=true: LOGGED-IN auth-sent");
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static void check(int status) {
        assertThat(status).as("setting up the network namespace").isZero();
    }
}
