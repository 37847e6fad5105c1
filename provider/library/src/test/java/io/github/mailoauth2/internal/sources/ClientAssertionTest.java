package io.github.mailoauth2.internal.sources;

import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.testing.FakeTokenEndpoint;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client assertions that another party signs: {@code client-assertion-file}, the assertion that a
 * platform keeps fresh (a Kubernetes projected token, Azure's {@code AZURE_FEDERATED_TOKEN_FILE}), read
 * anew for every token request; {@code client-assertion-command}, a program that prints it (a cloud
 * CLI), run afresh for every token request, its failures named and its output never shown.
 */
class ClientAssertionTest {
    /** An assertion-shaped value that must never appear in a message. */
    private static final String ASSERTION = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJl";
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
            Map<String, String> form = server.form(i);
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

    private TokenSource commandSource(String command, String... more) throws Exception {
        Map<String, String> props = new HashMap<>(Map.of("mail.oauth2.source", "client-credentials",
                "mail.oauth2.token-url", server.url(), "mail.oauth2.client-id", "00000000-app",
                "mail.oauth2.client-assertion-command", command, "mail.oauth2.timeout", "2"));
        for (int i = 0; i < more.length; i += 2) {
            props.put(more[i], more[i + 1]);
        }
        return registry.forConnection("imaps", props);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theCommandRunsForEachRequestAndItsOutputIsTheAssertion() throws Exception {
        // no expires_in: a token that is not cached, so each connect asks again
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));
        Path counter = dir.resolve("runs");
        TokenSource source = commandSource("echo run >> '" + counter + "'; printf 'eyJ.assertion-%s.sig\\n' $(wc -l < '" + counter + "')");

        source.token(ALICE, null);
        source.token(ALICE, null);

        assertThat(Files.readAllLines(counter)).hasSize(2);
        assertThat(server.requests()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            Map<String, String> form = server.form(i);
            assertThat(form).containsEntry("grant_type", "client_credentials").containsEntry("client_id", "00000000-app")
                    .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                    .containsEntry("client_assertion", "eyJ.assertion-" + (i + 1) + ".sig")
                    .doesNotContainKey("client_secret");
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aMissingProgramIsNamedAndNothingIsSent() throws Exception {
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));

        assertThatThrownBy(() -> commandSource("no-such-identity-cli print-token").token(ALICE, null))
                .hasMessageContaining("the client assertion command was not found (mail.oauth2.client-assertion-command;"
                        + " is the program installed and on the PATH?)");
        assertThat(server.requests()).isZero();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aFailingProgramShowsItsStatusAndLastErrorLineButNeverItsOutput() throws Exception {
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));

        assertThatThrownBy(() -> commandSource("echo " + ASSERTION + "; echo 'cli: starting' >&2; echo 'cli: not logged in' >&2; exit 4")
                .token(ALICE, null))
                .hasMessageContaining("the client assertion command exited with status 4: cli: not logged in")
                .satisfies(e -> assertThat(String.valueOf(e.getMessage()) + e.getCause()).doesNotContain(ASSERTION));
        assertThat(server.requests()).isZero();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void emptyOutputAndMoreThanAJwtAreRefusedWithoutEchoingIt() throws Exception {
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));

        assertThatThrownBy(() -> commandSource("true").token(ALICE, null))
                .hasMessageContaining("the client assertion command printed nothing; it must print the client assertion (a JWT)");
        assertThatThrownBy(() -> commandSource("echo " + ASSERTION + "; echo second line").token(ALICE, null))
                .hasMessageContaining("printed more than one line, or characters that a JWT does not have")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ASSERTION));
        assertThat(server.requests()).isZero();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aHangingProgramIsStoppedAtTheTimeout() throws Exception {
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));

        assertThatThrownBy(() -> commandSource("sleep 30").token(ALICE, null))
                .hasMessageContaining("the client assertion command did not finish within 2 s (mail.oauth2.client-assertion-command;");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aFileAndACommandTogetherAreAConfigurationErrorNamingBoth() throws Exception {
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));

        assertThatThrownBy(() -> commandSource("echo x", "mail.oauth2.client-assertion-file", dir.resolve("token").toString()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("client-assertion-file").hasMessageContaining("client-assertion-command")
                .hasMessageContaining("are both set; set one of them");
    }
}
