package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.testing.FakeTokenEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --source} and the credential options: refresh, test and doctor get tokens from any source,
 * and refresh-token is the default only when no source is configured anywhere.
 */
class TokenSourceOptionsTest {
    private static final String USER = "reports@example.test";

    @TempDir
    Path dir;

    private final FakeTokenEndpoint endpoint;

    TokenSourceOptionsTest() throws IOException {
        endpoint = FakeTokenEndpoint.always(FakeTokenEndpoint.OAUTH2_PY_PATH, FakeTokenEndpoint.Answer.json(200, "{\"access_token\": \"app-access\", \"expires_in\": 3600, \"token_type\": \"Bearer\"}"));
    }

    @AfterEach
    void stop() {
        endpoint.close();
        System.clearProperty("mail.oauth2.source");
        MailOAuth2.shutdown();
    }

    private String[] clientCredentials(String... command) {
        String[] common = {"--token-url", endpoint.url(), "--client-id", "app", "--client-secret", "app-secret",
            "--store", dir.resolve("tokens.json").toString()};
        String[] all = new String[command.length + common.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(common, 0, all, command.length, common.length);
        return all;
    }

    @Test
    void refreshWithClientCredentialsPrintsOauth2pyLinesAndAsksAnewEachTime() {
        Run first = Run.of(clientCredentials("refresh", "--user", USER, "--source", "client-credentials"));
        Run quiet = Run.of(clientCredentials("refresh", "--user", USER, "--source", "client-credentials", "--quiet"));

        assertThat(first.exitStatus()).as(first::toString).isZero();
        assertThat(first.out()).matches("Access Token: app-access\nAccess Token Expiration Seconds: 3[56]\\d\\d\n");
        assertThat(quiet.out()).isEqualTo("app-access\n");
        assertThat(endpoint.forms()).hasSize(2).allSatisfy(form -> assertThat(form)
                .containsEntry("grant_type", "client_credentials").containsEntry("client_id", "app"));
    }

    @Test
    void aSourceFromTheSystemPropertiesIsNotOverriddenByTheRefreshTokenDefault() {
        System.setProperty("mail.oauth2.source", "client-credentials");

        Run refresh = Run.of(clientCredentials("refresh", "--user", USER, "--quiet"));
        Run doctor = Run.of(clientCredentials("doctor", "--user", USER));

        assertThat(refresh.exitStatus()).as(refresh::toString).isZero();
        assertThat(refresh.out()).isEqualTo("app-access\n");
        // the stub's token is opaque: doctor says so, and never prints it
        assertThat(doctor.out()).as(doctor::toString).contains("The token is not a JWT").doesNotContain("app-access");
        assertThat(endpoint.forms()).hasSize(2).allSatisfy(form -> assertThat(form).containsEntry("grant_type", "client_credentials"));
    }

    @Test
    void withoutAnySourceTheStoredRefreshTokenIsStillTheDefault() {
        Run refresh = Run.of(clientCredentials("refresh", "--user", USER));

        assertThat(refresh.exitStatus()).isEqualTo(Main.AUTH_FAILED);
        assertThat(refresh.err()).contains("no refresh token for " + USER);
        assertThat(endpoint.forms()).isEmpty();
    }

    @Test
    void refreshAllIsForStoredAccountsOnly() {
        Run all = Run.of(clientCredentials("refresh", "--all", "--source", "client-credentials"));

        assertThat(all.exitStatus()).isEqualTo(Main.USAGE);
        assertThat(all.err()).contains("--source client-credentials has no stored accounts: give --user");
    }

    @Test
    void aMissingCredentialIsNamedByItsOption() {
        Run run = Run.of("refresh", "--user", USER, "--source", "client-credentials", "--token-url", endpoint.url(),
                "--client-id", "app", "--store", dir.resolve("tokens.json").toString());

        assertThat(run.exitStatus()).as(run::toString).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("--client-secret").contains("client-assertion-command");
    }

    @Test
    void doctorTestDoesNotLogInWhenTheDiagnosisFoundAProblem() {
        String expired = "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjEwMDAwMDAwMDB9.c2ln"; // {"exp":1000000000}

        Run run = Run.of("doctor", "--user", USER, "--access-token", expired, "--test", "--host", "127.0.0.1", "--port", "1");

        assertThat(run.exitStatus()).isEqualTo(Main.AUTH_FAILED);
        assertThat(run.out()).contains("The token has expired").contains("Not logging in (--test): fix the problems above first.")
                .doesNotContain("Connecting to");
    }

    @Test
    void doctorTestLogsInAfterAGoodDiagnosisAndItsExitStatusIsTheLogin() {
        // an opaque token stops nothing; nothing listens on port 1: the login fails, and so does the doctor
        Run run = Run.of("doctor", "--user", USER, "--access-token", "opaque-token", "--test", "smtp", "--host", "127.0.0.1",
                "--port", "1", "--plain", "--quiet");

        assertThat(run.out()).contains("Nothing to check in the token. Logging in (--test smtp):").contains("Connecting to 127.0.0.1:1 (smtp)");
        assertThat(run.exitStatus()).as(run::toString).isEqualTo(Main.AUTH_FAILED);
        assertThat(run.err()).contains("authentication to 127.0.0.1 failed");
    }
}
