package io.github.mailoauth2.internal.sources;

import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.json;
import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.mailoauth2.testing.FakeTokenEndpoint;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code source=google-service-account}: the JWT-bearer request per mailbox, its assertion, and the classic mistakes. */
class GoogleServiceAccountTest {
    private static final String SERVICE_ACCOUNT = "mailer@project-1.iam.gserviceaccount.com";

    @TempDir
    static Path dir;
    private static TestKeys keys;
    private FakeTokenEndpoint server;
    private final TokenSourceRegistry registry = new TokenSourceRegistry();

    @BeforeAll
    static void keys() throws Exception {
        keys = TestKeys.create(dir, "service-account", "RSA", null);
    }

    @AfterEach
    void stop() {
        registry.close();
        if (server != null) {
            server.close();
        }
    }

    /** A key file as the Cloud console writes it, with {@code token_uri} pointing to {@code tokenUri}. */
    private static Path keyFile(String tokenUri) throws Exception {
        JsonObject json = new JsonObject();
        json.addProperty("type", "service_account");
        json.addProperty("project_id", "project-1");
        json.addProperty("private_key_id", "0123abcd");
        json.addProperty("private_key", Files.readString(keys.keyPem()));
        json.addProperty("client_email", SERVICE_ACCOUNT);
        json.addProperty("client_id", "104857600000000000001");
        json.addProperty("token_uri", tokenUri);
        return Files.writeString(Files.createTempFile(dir, "key", ".json"), json.toString());
    }

    private TokenSource source(Path keyFile) throws Exception {
        return registry.forConnection("imaps", Map.of("mail.oauth2.source", "google-service-account",
                "mail.oauth2.service-account-file", keyFile.toString()));
    }

    private static TokenRequest login(String user) {
        return new TokenRequest(user, "imaps", "imap.gmail.com", 993);
    }


    private static JsonObject part(String jws, int index) {
        return JsonParser.parseString(new String(Base64.getUrlDecoder().decode(jws.split("\\.")[index]), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    @Test
    void eachMailboxGetsItsOwnTokenThroughASignedJwtBearerAssertion() throws Exception {
        server = new FakeTokenEndpoint(n -> token("ya29.token-" + n, 3600));
        TokenSource source = source(keyFile(server.url()));

        assertThat(source.token(login("alice@example.com"), null).value()).isEqualTo("ya29.token-1");
        assertThat(source.token(login("bob@example.com"), null).value()).isEqualTo("ya29.token-2");
        assertThat(source.token(login("alice@example.com"), null).value()).isEqualTo("ya29.token-1");

        assertThat(server.requests()).isEqualTo(2);
        Map<String, String> form = server.form(0);
        assertThat(form.keySet()).containsExactlyInAnyOrder("grant_type", "assertion");
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        String jws = form.get("assertion");
        JsonObject header = part(jws, 0);
        assertThat(header.get("alg").getAsString()).isEqualTo("RS256");
        assertThat(header.get("kid").getAsString()).isEqualTo("0123abcd");
        JsonObject claims = part(jws, 1);
        assertThat(claims.get("iss").getAsString()).isEqualTo(SERVICE_ACCOUNT);
        assertThat(claims.get("sub").getAsString()).isEqualTo("alice@example.com");
        assertThat(claims.get("scope").getAsString()).isEqualTo("https://mail.google.com/");
        assertThat(claims.get("aud").getAsString()).isEqualTo(server.url());
        assertThat(claims.get("exp").getAsLong() - claims.get("iat").getAsLong()).isEqualTo(3600);
        assertThat(part(server.form(1).get("assertion"), 1).get("sub").getAsString()).isEqualTo("bob@example.com");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(keys.certificate().getPublicKey());
        verifier.update(jws.substring(0, jws.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(jws.substring(jws.lastIndexOf('.') + 1)))).isTrue();
    }

    @Test
    void connectingAsTheServiceAccountItselfIsNamedWithoutAsking() throws Exception {
        server = new FakeTokenEndpoint(n -> token("ya29.token-" + n, 3600));
        TokenSource source = source(keyFile(server.url()));

        assertThatThrownBy(() -> source.token(login(SERVICE_ACCOUNT), null))
                .hasMessage(SERVICE_ACCOUNT + " is a service account's address, and a service account has no mailbox. Connect with"
                        + " the address of the Workspace user whose mailbox to open: domain-wide delegation gets a token for that user");
        assertThat(server.requests()).isZero();
    }

    @Test
    void missingDelegationIsExplainedWithTheClientIdToAllow() throws Exception {
        // Google sends unauthorized_client with a 401, whose body the JDK drops; as a 400 it is read
        String refusal = "{\"error\":\"unauthorized_client\",\"error_description\":\"Client is unauthorized to retrieve"
                + " access tokens using this method, or client not authorized for any of the scopes requested.\"}";
        for (int status : new int[] {401, 400}) {
            server = FakeTokenEndpoint.always(json(status, refusal));
            TokenSource source = source(keyFile(server.url()));

            assertThatThrownBy(() -> source.token(login("alice@example.com"), null))
                    .hasMessageContaining(status == 401 ? "(invalid_client)" : "unauthorized_client (Client is unauthorized")
                    .hasMessageEndingWith("Is domain-wide delegation granted? In the Google Admin console (Security > Access and"
                            + " data control > API controls > Domain-wide delegation) add client id 104857600000000000001 with the"
                            + " scope https://mail.google.com/; and is the key still listed for " + SERVICE_ACCOUNT
                            + " in the Cloud console?");
            server.close();
        }
    }

    @Test
    void keyFileMistakesNameTheFileAndTheField() throws Exception {
        Path notJson = Files.writeString(dir.resolve("not.json"), Files.readString(keys.keyPem()));
        Path desktop = Files.writeString(dir.resolve("desktop.json"), "{\"installed\":{\"client_id\":\"x\"},\"type\":\"authorized_user\"}");
        Path noEmail = Files.writeString(dir.resolve("no-email.json"), "{\"type\":\"service_account\",\"private_key\":\"x\"}");
        String where = "mail.imaps.oauth2.service-account-file (or mail.oauth2.service-account-file,"
                + " -Dmail.oauth2.service-account-file, $MAIL_OAUTH2_SERVICE_ACCOUNT_FILE) = ";

        assertThatThrownBy(() -> source(notJson)).isInstanceOf(ConfigurationException.class)
                .hasMessage(where + notJson + ": not JSON; give the service account's JSON key file");
        assertThatThrownBy(() -> source(desktop)).isInstanceOf(ConfigurationException.class)
                .hasMessage(where + desktop + ": a key of type \"authorized_user\", not \"service_account\"; a desktop or web"
                        + " client's file is for the refresh-token source (client-id and client-secret)");
        assertThatThrownBy(() -> source(noEmail)).isInstanceOf(ConfigurationException.class)
                .hasMessage(where + noEmail + ": no \"client_email\"; give the service account's JSON key file");
        assertThatThrownBy(() -> registry.forConnection("imaps", Map.of("mail.oauth2.source", "google-service-account")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("service-account-file");
    }
}
