package io.github.mailoauth2.internal.sources;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client's key pair and self-signed certificate made by the JDK's {@code keytool} (the JDK has no
 * API to issue a certificate), as the PKCS#12 file it writes and as PEM files.
 */
record TestKeys(Path keystore, String password, Path keyPem, Path certificatePem, PrivateKey key, X509Certificate certificate) {

    /** {@code algorithm}: {@code RSA} (2048 bits) or {@code EC} (P-256, or {@code curve}). */
    static TestKeys create(Path dir, String name, String algorithm, String curve) throws IOException, InterruptedException {
        Path keystore = dir.resolve(name + ".p12");
        String password = "store-pass-" + name;
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "client", "-dname", "CN=" + name, "-validity", "2", "-keyalg", algorithm,
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password));
        if (algorithm.equals("EC")) {
            command.addAll(List.of("-groupname", curve));
        } else {
            command.addAll(List.of("-keysize", "2048"));
        }
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            PrivateKey key = (PrivateKey) store.getKey("client", password.toCharArray());
            X509Certificate certificate = (X509Certificate) store.getCertificate("client");
            Path keyPem = Files.writeString(dir.resolve(name + "-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
            Path certificatePem = Files.writeString(dir.resolve(name + "-cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));
            return new TestKeys(keystore, password, keyPem, certificatePem, key, certificate);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
