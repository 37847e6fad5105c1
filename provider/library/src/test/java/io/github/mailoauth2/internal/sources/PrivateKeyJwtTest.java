package io.github.mailoauth2.internal.sources;

import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.json;
import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.mailoauth2.testing.FakeTokenEndpoint;
import io.github.mailoauth2.token.ClientAuthentication;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code client-auth=private-key-jwt}: the assertion's header and claims, its signature, and the key files' errors. */
class PrivateKeyJwtTest {
    private static final String TOKEN_URL = "https://login.example.test/tenant/oauth2/v2.0/token";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    static Path dir;
    private static TestKeys rsa;
    private static TestKeys ec;
    private static TestKeys other;
    private FakeTokenEndpoint server;
    private TokenSourceRegistry registry;

    @BeforeAll
    static void keys() throws Exception {
        rsa = TestKeys.create(dir, "rsa-client", "RSA", null);
        ec = TestKeys.create(dir, "ec-client", "EC", "secp256r1");
        other = TestKeys.create(dir, "other-client", "RSA", null);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static Map<String, String> config(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put("mail.oauth2." + keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private static ClientAuthentication authentication(Map<String, String> props) throws ConfigurationException {
        return ClientAuthentications.configured(OAuth2Config.of("imaps", props), "mail-app", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Map<String, String> authenticate(ClientAuthentication authentication) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        authentication.authenticate(TOKEN_URL, form, headers);
        assertThat(headers).isEmpty();
        return form;
    }

    private static JsonObject part(String jws, int index) {
        return JsonParser.parseString(new String(Base64.getUrlDecoder().decode(jws.split("\\.")[index]), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    private static boolean verifies(String jws, String algorithm, PublicKey key) throws Exception {
        int lastDot = jws.lastIndexOf('.');
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update(jws.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(Base64.getUrlDecoder().decode(jws.substring(lastDot + 1)));
    }

    private static String thumbprint(String digest, TestKeys keys) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance(digest).digest(keys.certificate().getEncoded()));
    }

    @Test
    void anRs256AssertionForTheTokenEndpointWithTheCertificatesThumbprints() throws Exception {
        Map<String, String> form = authenticate(authentication(config("client-key", rsa.keyPem().toString(),
                "client-certificate", rsa.certificatePem().toString())));

        assertThat(form).containsEntry("client_id", "mail-app")
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .doesNotContainKey("client_secret");
        String jws = form.get("client_assertion");
        JsonObject header = part(jws, 0);
        assertThat(header.get("alg").getAsString()).isEqualTo("RS256");
        assertThat(header.get("typ").getAsString()).isEqualTo("JWT");
        assertThat(header.get("x5t").getAsString()).isEqualTo(thumbprint("SHA-1", rsa));
        assertThat(header.get("x5t#S256").getAsString()).isEqualTo(thumbprint("SHA-256", rsa));
        JsonObject claims = part(jws, 1);
        assertThat(claims.get("iss").getAsString()).isEqualTo("mail-app");
        assertThat(claims.get("sub").getAsString()).isEqualTo("mail-app");
        assertThat(claims.get("aud").getAsString()).isEqualTo(TOKEN_URL);
        assertThat(claims.get("iat").getAsLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.get("nbf").getAsLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.get("exp").getAsLong()).isEqualTo(NOW.getEpochSecond() + 300);
        assertThat(claims.get("jti").getAsString()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(verifies(jws, "SHA256withRSA", rsa.certificate().getPublicKey())).isTrue();
        assertThat(verifies(jws, "SHA256withRSA", other.certificate().getPublicKey())).isFalse();
    }

    @Test
    void everyRequestGetsAFreshAssertionWithItsOwnJti() throws Exception {
        ClientAuthentication authentication = authentication(config("client-key", rsa.keyPem().toString()));

        String first = authenticate(authentication).get("client_assertion");
        String second = authenticate(authentication).get("client_assertion");

        assertThat(part(first, 1).get("jti")).isNotEqualTo(part(second, 1).get("jti"));
        assertThat(second).isNotEqualTo(first);
        // without a certificate, no thumbprint
        assertThat(part(first, 0).has("x5t")).isFalse();
    }

    @Test
    void anEcKeySignsEs256InJoseFormat() throws Exception {
        String jws = authenticate(authentication(config("client-auth", "private-key-jwt", "client-key", ec.keyPem().toString(),
                "client-certificate", ec.certificatePem().toString()))).get("client_assertion");

        assertThat(part(jws, 0).get("alg").getAsString()).isEqualTo("ES256");
        // RFC 7518 3.4: r and s, 32 bytes each, not DER
        assertThat(Base64.getUrlDecoder().decode(jws.substring(jws.lastIndexOf('.') + 1))).hasSize(64);
        assertThat(verifies(jws, "SHA256withECDSAinP1363Format", ec.certificate().getPublicKey())).isTrue();
    }

    @Test
    void aPkcs12KeystoreWithItsPasswordAndAPemWithKeyAndCertificateTogether() throws Exception {
        String fromStore = authenticate(authentication(config("client-keystore", rsa.keystore().toString(),
                "client-keystore-password", rsa.password()))).get("client_assertion");
        Path combined = Files.writeString(dir.resolve("combined.pem"),
                Files.readString(rsa.keyPem()) + Files.readString(rsa.certificatePem()));
        String fromPem = authenticate(authentication(config("client-key", combined.toString()))).get("client_assertion");

        for (String jws : new String[] {fromStore, fromPem}) {
            assertThat(part(jws, 0).get("x5t").getAsString()).isEqualTo(thumbprint("SHA-1", rsa));
            assertThat(verifies(jws, "SHA256withRSA", rsa.certificate().getPublicKey())).isTrue();
        }
    }

    @Test
    void keyFileMistakesAreNamedWithoutShowingTheKey() throws Exception {
        String keyText = Files.readString(rsa.keyPem());
        Path pkcs1 = Files.writeString(dir.resolve("pkcs1.pem"), keyText.replace("PRIVATE KEY", "RSA PRIVATE KEY"));
        Path garbled = Files.writeString(dir.resolve("garbled.pem"), TestKeys.pem("PRIVATE KEY",
                Arrays.copyOf(rsa.key().getEncoded(), 200)));
        String where = "mail.imaps.oauth2.client-key (or mail.oauth2.client-key, -Dmail.oauth2.client-key, $MAIL_OAUTH2_CLIENT_KEY) = ";

        assertRefused(config("client-key", rsa.certificatePem().toString()),
                where + rsa.certificatePem() + ": no \"BEGIN PRIVATE KEY\" block (PEM, PKCS#8) in it");
        assertRefused(config("client-key", pkcs1.toString()), where + pkcs1 + ": the key is in the \"BEGIN RSA PRIVATE KEY\""
                + " format; convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`");
        assertRefused(config("client-key", garbled.toString()),
                where + garbled + ": the \"BEGIN PRIVATE KEY\" block is not an RSA or EC key (PKCS#8)");
        assertRefused(config("client-key", dir.resolve("missing.pem").toString()),
                where + dir.resolve("missing.pem") + ": cannot read it (NoSuchFileException)");
        assertRefused(config("client-key", rsa.keyPem().toString(), "client-certificate", ec.certificatePem().toString()),
                where.substring(0, where.length() - 3) + ": the certificate (CN=ec-client) is not the private key's;"
                        + " give the certificate registered for this key");
        assertRefused(config("client-keystore", rsa.keystore().toString(), "client-keystore-password", "wrong"),
                "mail.imaps.oauth2.client-keystore (or mail.oauth2.client-keystore, -Dmail.oauth2.client-keystore,"
                        + " $MAIL_OAUTH2_CLIENT_KEYSTORE) = " + rsa.keystore() + ": wrong password; set mail.imaps.oauth2.client-keystore-password"
                        + " (or mail.oauth2.client-keystore-password, -Dmail.oauth2.client-keystore-password,"
                        + " $MAIL_OAUTH2_CLIENT_KEYSTORE_PASSWORD) (best in the environment)");
        assertRefused(config("client-auth", "private-key-jwt"), "mail.imaps.oauth2.client-key (or mail.oauth2.client-key,"
                + " -Dmail.oauth2.client-key, $MAIL_OAUTH2_CLIENT_KEY) is not set; client-auth private-key-jwt signs with the"
                + " client's private key: set it to a PEM file (PKCS#8), or set client-keystore to a PKCS#12 file");
        ConfigurationException ecCurve = refused(config("client-key",
                TestKeys.create(dir, "p384", "EC", "secp384r1").keyPem().toString()));
        assertThat(ecCurve).hasMessageEndingWith(": an EC key must be on the P-256 curve (ES256)");
    }

    private static void assertRefused(Map<String, String> props, String message) {
        assertThat(refused(props)).hasMessage(message);
    }

    private static ConfigurationException refused(Map<String, String> props) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> authentication(props));
        assertThat(thrown).isInstanceOf(ConfigurationException.class);
        for (String line : Base64.getMimeEncoder().encodeToString(rsa.key().getEncoded()).split("\r\n")) {
            assertThat(thrown.getMessage()).doesNotContain(line.substring(0, Math.min(16, line.length())));
        }
        return (ConfigurationException) thrown;
    }

    @Test
    void clientCredentialsAndRefreshTokensWithAKeyInsteadOfASecret() throws Exception {
        server = new FakeTokenEndpoint(n -> token("at-" + n, 3600));
        registry = new TokenSourceRegistry();
        TokenRequest alice = new TokenRequest("alice@example.test", "imaps", "imap.example.test", 993);

        TokenSource app = registry.forConnection("imaps", config("source", "client-credentials", "token-url", server.url(),
                "client-id", "mail-app", "client-key", rsa.keyPem().toString(), "client-certificate", rsa.certificatePem().toString()));
        TokenSource user = registry.forConnection("imaps", config("token-url", server.url(), "client-id", "mail-app",
                "client-key", rsa.keyPem().toString(), "refresh-token", "rt-1", "store", dir.resolve("tokens.json").toString()));

        assertThat(app.token(alice, null).value()).isEqualTo("at-1");
        assertThat(user.token(alice, null).value()).isEqualTo("at-2");
        assertThat(server.bodies().get(0)).contains("grant_type=client_credentials");
        assertThat(server.bodies().get(1)).contains("grant_type=refresh_token", "refresh_token=rt-1");
        for (String body : server.bodies()) {
            Map<String, String> form = new HashMap<>();
            for (String field : body.split("&")) {
                String[] nv = field.split("=", 2);
                form.put(nv[0], URLDecoder.decode(nv[1], StandardCharsets.UTF_8));
            }
            assertThat(form).containsEntry("client_assertion_type", PrivateKeyJwt.ASSERTION_TYPE).doesNotContainKey("client_secret");
            assertThat(part(form.get("client_assertion"), 1).get("aud").getAsString()).isEqualTo(server.url());
            assertThat(verifies(form.get("client_assertion"), "SHA256withRSA", rsa.certificate().getPublicKey())).isTrue();
        }
    }

    @Test
    void anAssertionTheServerEchoesIsRedacted() throws Exception {
        // a server that quotes the assertion it got in its error
        server = new FakeTokenEndpoint((n, body) -> {
            String assertion = URLDecoder.decode(body.replaceAll(".*client_assertion=([^&]*).*", "$1"), StandardCharsets.UTF_8);
            return json(400, "{\"error\":\"invalid_client\",\"error_description\":\"bad assertion " + assertion + "\"}");
        });
        registry = new TokenSourceRegistry();
        TokenSource app = registry.forConnection("imaps", config("source", "client-credentials", "token-url", server.url(),
                "client-id", "mail-app", "client-key", rsa.keyPem().toString()));

        assertThatThrownBy(() -> app.token(new TokenRequest("alice@example.test", "imaps", "imap.example.test", 993), null))
                .hasMessageContaining("invalid_client (bad assertion [redacted])")
                .hasMessageContaining("AADSTS700027");
    }
}
