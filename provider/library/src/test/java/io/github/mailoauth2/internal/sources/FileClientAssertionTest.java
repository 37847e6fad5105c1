package io.github.mailoauth2.internal.sources;

import static io.github.mailoauth2.internal.sources.FakeTokenEndpoint.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code client-assertion-file}: the assertion that a platform keeps fresh (a Kubernetes projected
 * token, Azure's {@code AZURE_FEDERATED_TOKEN_FILE}) is read anew for every token request.
 */
class FileClientAssertionTest {
    private static final TokenRequest ALICE = new TokenRequest("alice@example.test", "imaps", "imap.example.test", 993);

    @TempDir
    Path dir;
    private FakeTokenEndpoint server;
    private final TokenSourceRegistry registry = new TokenSourceRegistry();

    @AfterEach
    void stop() {
        registry.close();
        if (server != null) {
            server.close();
        }
    }

    private TokenSource source(Path assertionFile) throws Exception {
        return registry.forConnection("imaps", Map.of("mail.oauth2.source", "client-credentials",
                "mail.oauth2.token-url", server.url(), "mail.oauth2.client-id", "00000000-app",
                "mail.oauth2.client-assertion-file", assertionFile.toString()));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String field : body.split("&")) {
            String[] nv = field.split("=", 2);
            form.put(nv[0], URLDecoder.decode(nv[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    @Test
    void theFileIsReadAnewForEachRequestSoARotatedAssertionIsSent() throws Exception {
        // no expires_in: a token that is not cached, so each connect asks again
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));
        Path file = dir.resolve("azure-identity-token");
        Files.writeString(file, "eyJ.first-projected-token.sig\n");
        TokenSource source = source(file);

        source.token(ALICE, null);
        Files.writeString(file, "eyJ.second-projected-token.sig");
        source.token(ALICE, null);

        assertThat(server.requests()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            Map<String, String> form = form(server.bodies.get(i));
            assertThat(form).containsEntry("grant_type", "client_credentials").containsEntry("client_id", "00000000-app")
                    .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                    .doesNotContainKey("client_secret");
            assertThat(form.get("client_assertion")).isEqualTo(i == 0 ? "eyJ.first-projected-token.sig" : "eyJ.second-projected-token.sig");
        }
    }

    @Test
    void aMissingOrEmptyFileFailsTheConnectWithoutARequest() throws Exception {
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));
        Path missing = dir.resolve("not-yet");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");

        assertThatThrownBy(() -> source(missing).token(ALICE, null))
                .hasMessageContaining("cannot read the client assertion " + missing + " (client-assertion-file) (NoSuchFileException)");
        assertThatThrownBy(() -> source(empty).token(ALICE, null))
                .hasMessageContaining("the client assertion " + empty + " (client-assertion-file) is empty");
        assertThat(server.requests()).isZero();
    }
}
