package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.mailoauth2.testing.FakeTokenEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * oauth2.py's command lines print what oauth2.py prints, byte for byte. The expected texts are
 * oauth2.py's format strings ({@code 'Access Token: %s'}, {@code 'Missing options: %s'}, ...) filled
 * in; with {@code -Doauth2.py=/path/to/oauth2.py} (and python3 on the PATH) each case also runs
 * oauth2.py itself against the same in-process token endpoint and compares. The one difference
 * kept on purpose: Python 3's oauth2.py prints the {@code --quiet} string as {@code b'...'}; this
 * prints the bare string that mail programs need.
 */
class Oauth2PyOutputTest {
    private static final String USER = "xoauth@gmail.com";
    private static final String TOKEN = "ya29.AHES6ZRKeUQwH2xhirksSUDSyjg9oPuRMMal05Ty0cfFIT_uRfESHw";
    /** Google's own example, from oauth2.py's run-through. */
    private static final String XOAUTH2 = "dXNlcj14b2F1dGhAZ21haWwuY29tAWF1dGg9QmVhcmVyIHlhMjkuQUhFUzZaUktlVVF3SDJ4aGlya3NTVURTeWpnOW9QdVJNTWFsMDVUeTBjZkZJVF91UmZFU0h3AQE=";

    private final FakeTokenEndpoint endpoint;

    Oauth2PyOutputTest() throws IOException {
        endpoint = FakeTokenEndpoint.always(FakeTokenEndpoint.OAUTH2_PY_PATH, FakeTokenEndpoint.Answer.json(200, "{\"access_token\": \"ya29.fresh\", \"expires_in\": 3599, \"token_type\": \"Bearer\"}"));
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void refreshTokenQuietPrintsTheAccessTokenAlone() throws Exception {
        Run run = Run.of("--refresh_token=1//0gR", "--client_id=C", "--client_secret=S", "--quiet", "--token-url=" + endpoint.url());

        assertThat(run.out()).isEqualTo("ya29.fresh\n");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitStatus()).isZero();
        assertThat(endpoint.forms()).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", "1//0gR")
                .containsEntry("client_id", "C").containsEntry("client_secret", "S"));
        sameAsOauth2Py(run, false, "--refresh_token=1//0gR", "--client_id=C", "--client_secret=S", "--quiet");
    }

    @Test
    void refreshTokenPrintsTheTokenAndItsLifetime() throws Exception {
        Run run = Run.of("--user=" + USER, "--client_id", "C", "--client_secret", "S", "--refresh_token", "1//0gR",
                "--token-url", endpoint.url());

        assertThat(run.out()).isEqualTo("Access Token: ya29.fresh\nAccess Token Expiration Seconds: 3599\n");
        assertThat(run.exitStatus()).isZero();
        sameAsOauth2Py(run, false, "--user=" + USER, "--client_id", "C", "--client_secret", "S", "--refresh_token", "1//0gR");
    }

    @Test
    void generateOauth2StringQuietPrintsTheBareString() throws Exception {
        Run run = Run.of("--generate_oauth2_string", "--user=" + USER, "--access_token=" + TOKEN, "--quiet");

        assertThat(run.out()).isEqualTo(XOAUTH2 + "\n");
        assertThat(run.exitStatus()).isZero();
        sameAsOauth2Py(run, true, "--generate_oauth2_string", "--user=" + USER, "--access_token=" + TOKEN, "--quiet");
    }

    @Test
    void generateOauth2StringExplainsItselfWithoutQuiet() throws Exception {
        Run run = Run.of("--generate_oauth2_string", "--user=" + USER, "--access_token=" + TOKEN);

        assertThat(run.out()).isEqualTo("OAuth2 argument:\n" + XOAUTH2 + "\n");
        sameAsOauth2Py(run, false, "--generate_oauth2_string", "--user=" + USER, "--access_token=" + TOKEN);
    }

    @Test
    void missingOptionsAreNamedAsOauth2PyNamesThem() throws Exception {
        Run refresh = Run.of("--refresh_token=1//0gR", "--quiet");
        assertThat(refresh.out()).isEqualTo("Missing options: client_id client_secret\n");
        assertThat(refresh.exitStatus()).isEqualTo(255);
        sameAsOauth2Py(refresh, false, "--refresh_token=1//0gR", "--quiet");

        Run string = Run.of("--generate_oauth2_string", "--user=" + USER);
        assertThat(string.out()).isEqualTo("Missing options: access_token\n");
        assertThat(string.exitStatus()).isEqualTo(255);
        sameAsOauth2Py(string, false, "--generate_oauth2_string", "--user=" + USER);

        Run token = Run.of("--generate_oauth2_token", "--client_secret=S");
        assertThat(token.out()).isEqualTo("Missing options: client_id\n");
        sameAsOauth2Py(token, false, "--generate_oauth2_token", "--client_secret=S");
    }

    @Test
    void theFirstActionInOauth2PysOrderWins() throws Exception {
        // oauth2.py checks --refresh_token before --generate_oauth2_string
        Run run = Run.of("--generate_oauth2_string", "--refresh_token=1//0gR", "--client_id=C", "--client_secret=S",
                "--quiet", "--token-url=" + endpoint.url());

        assertThat(run.out()).isEqualTo("ya29.fresh\n");
        sameAsOauth2Py(run, false, "--generate_oauth2_string", "--refresh_token=1//0gR", "--client_id=C",
                "--client_secret=S", "--quiet");
    }

    @Test
    void noActionPrintsTheHelpThenNothingToDo() throws Exception {
        Run run = Run.of("--user=" + USER, "--quiet");

        assertThat(run.out()).startsWith("Usage: mail-oauth2 ").endsWith("\nNothing to do, exiting.\n");
        assertThat(run.exitStatus()).isZero();
        Run python = oauth2Py("--user=" + USER, "--quiet");
        if (python != null) {
            assertThat(python.out()).endsWith("\nNothing to do, exiting.\n");
            assertThat(python.exitStatus()).isZero();
        }
    }

    /** Compares with oauth2.py's own run, when one is configured; {@code bytesLiteral}: Python 3's b'...' is unwrapped. */
    private void sameAsOauth2Py(Run run, boolean bytesLiteral, String... args) throws Exception {
        Run python = oauth2Py(args);
        if (python == null) {
            return;
        }
        String expected = bytesLiteral ? python.out().replaceFirst("^b'(.*)'\n$", "$1\n") : python.out();
        assertThat(run.out()).as("oauth2.py printed:\n" + python).isEqualTo(expected);
        assertThat(run.exitStatus()).as("oauth2.py's exit status").isEqualTo(python.exitStatus());
    }

    /** oauth2.py run with its Google base URL pointed at the stub; {@code null} without -Doauth2.py. */
    private Run oauth2Py(String... args) throws IOException, InterruptedException {
        String script = System.getProperty("oauth2.py");
        if (script == null || script.isBlank()) {
            return null;
        }
        assumeTrue(Files.isRegularFile(Path.of(script)), "-Doauth2.py names no file: " + script);
        // main's globals are the module's: pointing GOOGLE_ACCOUNTS_BASE_URL there leaves the rest of oauth2.py as it is
        String python = "import runpy, sys\n"
                + "g = runpy.run_path(sys.argv[1], run_name='oauth2')\n"
                + "g['main'].__globals__['GOOGLE_ACCOUNTS_BASE_URL'] = sys.argv[2]\n"
                + "sys.argv = ['oauth2.py'] + sys.argv[3:]\n"
                + "g['main'](sys.argv)\n";
        List<String> command = new ArrayList<>(List.of("python3", "-c", python, script, endpoint.base()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("oauth2py-", ".out");
        Path err = Files.createTempFile("oauth2py-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("oauth2.py did not finish in 60 s");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
