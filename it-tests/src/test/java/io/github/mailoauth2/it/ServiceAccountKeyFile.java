package io.github.mailoauth2.it;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * A Google service account's JSON key file, shaped as the Cloud console downloads it, with a key generated for
 * the test run and a {@code token_uri} of the test's choosing (a mock-oauth2-server's JWT-bearer grant).
 */
final class ServiceAccountKeyFile {
    static final String SERVICE_ACCOUNT = "mailer@project-1.iam.gserviceaccount.com";
    private static final String PRIVATE_KEY_PEM = generate();

    private ServiceAccountKeyFile() {
    }

    private static String generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has RSA", e);
        }
    }

    /** A new key file in {@code dir} whose token endpoint is {@code tokenUri}. */
    static Path write(Path dir, String tokenUri) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("type", "service_account");
        json.addProperty("private_key_id", "k1");
        json.addProperty("private_key", PRIVATE_KEY_PEM);
        json.addProperty("client_email", SERVICE_ACCOUNT);
        json.addProperty("client_id", "104857600000000000001");
        json.addProperty("token_uri", tokenUri);
        return Files.writeString(Files.createTempFile(dir, "service-account", ".json"), json.toString());
    }
}
