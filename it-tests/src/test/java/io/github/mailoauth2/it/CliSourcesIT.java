package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's {@code test}, {@code refresh} and {@code doctor --test} with token sources other
 * than a stored refresh token, against the real servers: client credentials with a secret at
 * mock-oauth2-server (Dovecot accepts its tokens for their {@code sub}), and with a key
 * ({@code private_key_jwt}) or an assertion command at Keycloak's signed-JWT client authenticator
 * (the Keycloak-checked Dovecot logs in the token's {@code email}). No token is printed by a command
 * whose output is kept; refresh's tokens are checked for shape only.
 */
class CliSourcesIT {
    /** A JWT: three base64url parts. */
    private static final String JWT_LINE = "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n";

    @TempDir
    static Path dir;
    private static SignedJwtClient client;

    @BeforeAll
    static void registerClient() throws Exception {
        client = SignedJwtClient.register(dir, "it-cli-jwt");
    }

    @AfterAll
    static void deleteClient() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    private static String[] args(List<String> source, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(source);
        all.addAll(List.of("--store", dir.resolve("tokens.json").toString()));
        return all.toArray(String[]::new);
    }

    /** Client credentials with a secret at mock-oauth2-server: the client id is the mailbox, as its tokens' sub. */
    private static List<String> mockClientCredentials(String user) {
        return List.of("--source", "client-credentials", "--token-url", Lab.MOCK_TOKEN_URL, "--client-id", user,
                "--client-secret", "app-secret", "--scope", "mail");
    }

    /** Client credentials with the app's key and certificate at Keycloak: no secret anywhere. */
    private static List<String> keycloakPrivateKeyJwt() {
        return List.of("--source", "client-credentials", "--token-url", Lab.KC_OIDC + "/token", "--client-id", client.clientId,
                "--client-key", client.key.toString(), "--client-certificate", client.certificate.toString());
    }

    @Test
    void clientCredentialsWithASecretTestImapAndRefresh() throws Exception {
        String user = Lab.newUser();

        CliRun imap = CliRun.run(false, args(mockClientCredentials(user), "test", "imap", "--host", Lab.HOST,
                "--port", String.valueOf(Lab.IMAP), "--plain", "--user", user));
        CliRun refresh = CliRun.run(true, args(mockClientCredentials(user), "refresh", "--user", user));
        CliRun quiet = CliRun.run(true, args(mockClientCredentials(user), "refresh", "--user", user, "--quiet"));

        assertThat(imap.exitCode()).as(imap::toString).isZero();
        assertThat(imap.out()).contains("AUTHENTICATE XOAUTH2 <redacted").contains("OK: INBOX selected: ");
        assertThat(refresh.exitCode()).as(refresh::toString).isZero();
        refresh.secretLine("Access Token");
        assertThat(refresh.out()).containsPattern("(?m)^Access Token Expiration Seconds: \\d+$");
        assertThat(quiet.exitCode()).as(quiet::toString).isZero();
        Secrets.remember(quiet.out().strip());
        assertThat(quiet.out()).matches(JWT_LINE);
    }

    @Test
    void privateKeyJwtTestImapAndSmtpAndRefreshAtKeycloak() throws Exception {
        CliRun imap = CliRun.run(false, args(keycloakPrivateKeyJwt(), "test", "imap", "--host", Lab.HOST,
                "--port", String.valueOf(Lab.KC_IMAP), "--plain", "--user", client.mailbox));
        CliRun smtp = CliRun.run(false, args(keycloakPrivateKeyJwt(), "test", "smtp", "--host", Lab.HOST,
                "--port", String.valueOf(Lab.KC_SUBMISSION), "--starttls", "--user", client.mailbox, "--quiet"));
        CliRun quiet = CliRun.run(true, args(keycloakPrivateKeyJwt(), "refresh", "--user", client.mailbox, "--quiet"));

        assertThat(imap.exitCode()).as(imap::toString).isZero();
        assertThat(imap.out()).contains("AUTHENTICATE XOAUTH2 <redacted").contains("OK: INBOX selected: ");
        assertThat(smtp.exitCode()).as(smtp::toString).isZero();
        assertThat(smtp.out()).endsWith("OK: authenticated to " + Lab.HOST + " as " + client.mailbox + "\n");
        assertThat(quiet.exitCode()).as(quiet::toString).isZero();
        Secrets.remember(quiet.out().strip());
        assertThat(quiet.out()).matches(JWT_LINE);
    }

    @Test
    void anAssertionCommandLogsTheCliInWithOneRunPerTokenRequest() throws Exception {
        Path runs = dir.resolve("cli-assertion-runs");
        List<String> source = List.of("--source", "client-credentials", "--token-url", Lab.KC_OIDC + "/token",
                "--client-id", client.clientId, "--client-assertion-command", client.assertionCommand(runs));

        CliRun imap = CliRun.run(false, args(source, "test", "imap", "--host", Lab.HOST, "--port", String.valueOf(Lab.KC_IMAP),
                "--plain", "--user", client.mailbox, "--quiet"));
        CliRun quiet = CliRun.run(true, args(source, "refresh", "--user", client.mailbox, "--quiet"));

        assertThat(imap.exitCode()).as(imap::toString).isZero();
        assertThat(imap.out()).contains("OK: INBOX selected: ");
        assertThat(quiet.exitCode()).as(quiet::toString).isZero();
        Secrets.remember(quiet.out().strip());
        assertThat(quiet.out()).matches(JWT_LINE);
        assertThat(Files.readAllLines(runs)).hasSize(2);
    }

    @Test
    void doctorTestDiagnosesTheAppTokenThenLogsIn() throws Exception {
        CliRun doctor = CliRun.run(false, args(keycloakPrivateKeyJwt(), "doctor", "--user", client.mailbox, "--test", "imap",
                "--host", Lab.HOST, "--port", String.valueOf(Lab.KC_IMAP), "--plain"));

        assertThat(doctor.exitCode()).as(doctor::toString).isZero();
        assertThat(doctor.out()).containsPattern("(?m)^azp: +" + client.clientId + "$")
                .containsPattern("(?m)^email: +" + client.mailbox + "$")
                .contains("Nothing wrong found in the token. Logging in (--test imap):")
                .contains("AUTHENTICATE XOAUTH2 <redacted").contains("OK: INBOX selected: ");
    }

    @Test
    void doctorTestDoesNotLogInWithAnotherMailboxsTokenAndAFailedLoginExitsOne() throws Exception {
        String other = Lab.newUser();
        CliRun wrongUser = CliRun.run(false, args(keycloakPrivateKeyJwt(), "doctor", "--user", other, "--test",
                "--host", Lab.HOST, "--port", String.valueOf(Lab.KC_IMAP), "--plain"));
        CliRun refused = CliRun.run(false, args(keycloakPrivateKeyJwt(), "doctor", "--user", client.mailbox, "--test", "pop3",
                "--host", Lab.HOST, "--port", String.valueOf(Lab.IMAP), "--plain", "--quiet"));

        assertThat(wrongUser.exitCode()).as(wrongUser::toString).isEqualTo(1);
        assertThat(wrongUser.out()).contains("The token was issued for " + client.mailbox + ", not for " + other)
                .contains("Not logging in (--test): fix the problems above first.").doesNotContain("Connecting to");
        // an IMAP port for a POP3 login: the diagnosis passes, the login does not, and the exit status says so
        assertThat(refused.exitCode()).as(refused::toString).isEqualTo(1);
        assertThat(refused.out()).contains("Logging in (--test pop3):");
        assertThat(refused.err()).contains("error: authentication to " + Lab.HOST + " failed");
    }
}
