package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA made with keytool for one test: its certificate alone in a trust store, and a server
 * key for {@code localhost} / 127.0.0.1 that it signed.
 */
final class TestCa {
    static final String PASSWORD = "changeit";
    /** The CA's certificate, nothing else: what a user's {@code trust-store} holds. */
    final Path trustStore;
    /** The server's key and its chain up to the CA. */
    final Path serverKeys;

    private TestCa(Path trustStore, Path serverKeys) {
        this.trustStore = trustStore;
        this.serverKeys = serverKeys;
    }

    static TestCa create(Path dir) throws IOException, InterruptedException {
        String ca = dir.resolve("ca.p12").toString();
        String server = dir.resolve("server.p12").toString();
        String trust = dir.resolve("trust.p12").toString();
        keytool("-genkeypair", "-alias", "ca", "-dname", "CN=mail-oauth2 test CA", "-ext", "bc:c", "-keystore", ca);
        keytool("-genkeypair", "-alias", "server", "-dname", "CN=localhost", "-keystore", server);
        keytool("-certreq", "-alias", "server", "-keystore", server, "-file", dir.resolve("server.csr").toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca, "-infile", dir.resolve("server.csr").toString(),
                "-outfile", dir.resolve("server.crt").toString(), "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-rfc");
        keytool("-exportcert", "-alias", "ca", "-keystore", ca, "-file", dir.resolve("ca.crt").toString(), "-rfc");
        keytool("-importcert", "-alias", "ca", "-file", dir.resolve("ca.crt").toString(), "-keystore", server, "-noprompt");
        keytool("-importcert", "-alias", "server", "-file", dir.resolve("server.crt").toString(), "-keystore", server);
        keytool("-importcert", "-alias", "ca", "-file", dir.resolve("ca.crt").toString(), "-keystore", trust, "-noprompt");
        return new TestCa(Path.of(trust), Path.of(server));
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2"));
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as("keytool %s: %s", args[0], output).isTrue();
    }
}
