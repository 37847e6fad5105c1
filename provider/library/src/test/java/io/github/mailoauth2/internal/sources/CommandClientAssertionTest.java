package io.github.mailoauth2.internal.sources;

import static io.github.mailoauth2.internal.sources.FakeTokenEndpoint.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.ConfigurationException;
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
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code client-assertion-command}: a program prints the client assertion (a cloud CLI, {@code cat}
 * of a projected token), run afresh for every token request; its failures are named, its output never shown.
 */
@DisabledOnOs(OS.WINDOWS)
class CommandClientAssertionTest {
    private static final TokenRequest ALICE = new TokenRequest("alice@example.test", "imaps", "imap.example.test", 993);
    /** An assertion-shaped value that must never appear in a message. */
    private static final String ASSERTION = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJl";

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

    private TokenSource source(String command, String... more) throws Exception {
        Map<String, String> props = new HashMap<>(Map.of("mail.oauth2.source", "client-credentials",
                "mail.oauth2.token-url", server.url(), "mail.oauth2.client-id", "00000000-app",
                "mail.oauth2.client-assertion-command", command, "mail.oauth2.timeout", "2"));
        for (int i = 0; i < more.length; i += 2) {
            props.put(more[i], more[i + 1]);
        }
        return registry.forConnection("imaps", props);
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
    void theCommandRunsForEachRequestAndItsOutputIsTheAssertion() throws Exception {
        // no expires_in: a token that is not cached, so each connect asks again
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));
        Path counter = dir.resolve("runs");
        TokenSource source = source("echo run >> '" + counter + "'; printf 'eyJ.assertion-%s.sig\\n' $(wc -l < '" + counter + "')");

        source.token(ALICE, null);
        source.token(ALICE, null);

        assertThat(Files.readAllLines(counter)).hasSize(2);
        assertThat(server.requests()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            Map<String, String> form = form(server.bodies.get(i));
            assertThat(form).containsEntry("grant_type", "client_credentials").containsEntry("client_id", "00000000-app")
                    .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                    .containsEntry("client_assertion", "eyJ.assertion-" + (i + 1) + ".sig")
                    .doesNotContainKey("client_secret");
        }
    }

    @Test
    void aMissingProgramIsNamedAndNothingIsSent() throws Exception {
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));

        assertThatThrownBy(() -> source("no-such-identity-cli print-token").token(ALICE, null))
                .hasMessageContaining("the client assertion command was not found (mail.oauth2.client-assertion-command;"
                        + " is the program installed and on the PATH?)");
        assertThat(server.requests()).isZero();
    }

    @Test
    void aFailingProgramShowsItsStatusAndLastErrorLineButNeverItsOutput() throws Exception {
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));

        assertThatThrownBy(() -> source("echo " + ASSERTION + "; echo 'cli: starting' >&2; echo 'cli: not logged in' >&2; exit 4")
                .token(ALICE, null))
                .hasMessageContaining("the client assertion command exited with status 4: cli: not logged in")
                .satisfies(e -> assertThat(String.valueOf(e.getMessage()) + e.getCause()).doesNotContain(ASSERTION));
        assertThat(server.requests()).isZero();
    }

    @Test
    void emptyOutputAndMoreThanAJwtAreRefusedWithoutEchoingIt() throws Exception {
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));

        assertThatThrownBy(() -> source("true").token(ALICE, null))
                .hasMessageContaining("the client assertion command printed nothing; it must print the client assertion (a JWT)");
        assertThatThrownBy(() -> source("echo " + ASSERTION + "; echo second line").token(ALICE, null))
                .hasMessageContaining("printed more than one line, or characters that a JWT does not have")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ASSERTION));
        assertThat(server.requests()).isZero();
    }

    @Test
    void aHangingProgramIsStoppedAtTheTimeout() throws Exception {
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));

        assertThatThrownBy(() -> source("sleep 30").token(ALICE, null))
                .hasMessageContaining("the client assertion command did not finish within 2 s (mail.oauth2.client-assertion-command;");
    }

    @Test
    void aFileAndACommandTogetherAreAConfigurationErrorNamingBoth() throws Exception {
        server = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));

        assertThatThrownBy(() -> source("echo x", "mail.oauth2.client-assertion-file", dir.resolve("token").toString()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("client-assertion-file").hasMessageContaining("client-assertion-command")
                .hasMessageContaining("are both set; set one of them");
    }
}
