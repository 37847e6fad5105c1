package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, defect 4: the loopback exemption looks at where the bytes go. The application connects
 * to {@code localhost}, but {@code mail.<p>.proxy.host} is a CONNECT proxy on 10.200.0.1, a
 * non-loopback address of a network namespace this test makes: no token may go through it in the
 * clear. With allow-plaintext=true (the test-rig switch) the same login works through it, which
 * shows that the refusal, not the proxy, stopped it; over TLS to the mail server (imaps through the
 * same proxy) it works with the default setting and the proxy sees no token.
 */
class ProxyPlaintextIT {
    private static final String ADDRESS = "10.200.0.1";
    private static NetworkNamespace namespace;
    @TempDir
    static Path dir;

    @BeforeAll
    static void namespace() throws Exception {
        assumeTrue(NetworkNamespace.available(), "needs root for a network namespace");
        namespace = NetworkNamespace.create("mail-oauth2-proxy-it", "mo2p", ADDRESS);
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void noTokenCrossesAProxyOffThisMachineInTheClearAndTlsThroughItStillWorks() throws Exception {
        Path keystore = dir.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit")).redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as("keytool made a key").isTrue();

        String output = namespace.runJava(ProxyPlaintextApp.class, ADDRESS, keystore.toString());

        assertThat(output).contains(
                "imap allow-plaintext=default: REFUSED naming-the-proxy no-auth-in-clear tunnels=1",
                "smtp allow-plaintext=default: REFUSED naming-the-proxy no-auth-in-clear tunnels=1",
                "imap allow-plaintext=true: LOGGED-IN auth-in-clear tunnels=1",
                "smtp allow-plaintext=true: LOGGED-IN auth-in-clear tunnels=1",
                "imaps allow-plaintext=default: LOGGED-IN no-auth-in-clear tunnels=1");
    }
}
