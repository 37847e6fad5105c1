package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    private static final String ADDRESS = "10.213.0.2";
    private static NetworkNamespace namespace;

    @BeforeAll
    static void namespace() throws Exception {
        assumeTrue(NetworkNamespace.available(), "needs root for a network namespace");
        namespace = NetworkNamespace.create("mail-oauth2-it", "mo2", ADDRESS);
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void theTokenDoesNotCrossAPlaintextConnectionToAnotherHost() throws Exception {
        String output = namespace.runJava(NonLoopbackPlaintextApp.class, ADDRESS);

        assertThat(output).contains(
                "imap allow-plaintext=default: REFUSED nothing-sent",
                "smtp allow-plaintext=default: REFUSED nothing-sent",
                "imap allow-plaintext=true: LOGGED-IN auth-sent",
                "smtp allow-plaintext=true: LOGGED-IN auth-sent");
    }
}
