package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
    private static Path key;
    private static Path certificate;
    private static String clientId;
    private static String mailbox;
    private static KeycloakAdmin admin;
    private static String id;

    @BeforeAll
    static void registerClient() throws Exception {
        key = dir.resolve("client-key.pem");
        certificate = dir.resolve("client-cert.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", certificate.toString(), "-subj", "/CN=mail-oauth2-cli-it", "-days", "2")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0).as("openssl made a key").isTrue();
        clientId = "it-cli-jwt-" + UUID.randomUUID().toString().substring(0, 8);
        mailbox = Lab.newUser();
        admin = KeycloakAdmin.login();
        String pem = Files.readString(certificate).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        id = admin.createSignedJwtClient(clientId, pem, mailbox);
    }

    @AfterAll
    static void deleteClient() throws Exception {
        if (id != null) {
            admin.deleteClient(id);
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
        return List.of("--source", "client-credentials", "--token-url", Lab.KC_OIDC + "/token", "--client-id", clientId,
                "--client-key", key.toString(), "--client-certificate", certificate.toString());
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
                "--port", String.valueOf(Lab.KC_IMAP), "--plain", "--user", mailbox));
        CliRun smtp = CliRun.run(false, args(keycloakPrivateKeyJwt(), "test", "smtp", "--host", Lab.HOST,
                "--port", String.valueOf(Lab.KC_SUBMISSION), "--starttls", "--user", mailbox, "--quiet"));
        CliRun quiet = CliRun.run(true, args(keycloakPrivateKeyJwt(), "refresh", "--user", mailbox, "--quiet"));

        assertThat(imap.exitCode()).as(imap::toString).isZero();
        assertThat(imap.out()).contains("AUTHENTICATE XOAUTH2 <redacted").contains("OK: INBOX selected: ");
        assertThat(smtp.exitCode()).as(smtp::toString).isZero();
        assertThat(smtp.out()).endsWith("OK: authenticated to " + Lab.HOST + " as " + mailbox + "\n");
        assertThat(quiet.exitCode()).as(quiet::toString).isZero();
        Secrets.remember(quiet.out().strip());
        assertThat(quiet.out()).matches(JWT_LINE);
    }

    @Test
    void anAssertionCommandLogsTheCliInWithOneRunPerTokenRequest() throws Exception {
        Path runs = dir.resolve("cli-assertion-runs");
        List<String> source = List.of("--source", "client-credentials", "--token-url", Lab.KC_OIDC + "/token",
                "--client-id", clientId, "--client-assertion-command",
                SignedClientAssertionIT.assertionCommand(dir, key, clientId, runs));

        CliRun imap = CliRun.run(false, args(source, "test", "imap", "--host", Lab.HOST, "--port", String.valueOf(Lab.KC_IMAP),
                "--plain", "--user", mailbox, "--quiet"));
        CliRun quiet = CliRun.run(true, args(source, "refresh", "--user", mailbox, "--quiet"));

        assertThat(imap.exitCode()).as(imap::toString).isZero();
        assertThat(imap.out()).contains("OK: INBOX selected: ");
        assertThat(quiet.exitCode()).as(quiet::toString).isZero();
        Secrets.remember(quiet.out().strip());
        assertThat(quiet.out()).matches(JWT_LINE);
        assertThat(Files.readAllLines(runs)).hasSize(2);
    }

    @Test
    void doctorTestDiagnosesTheAppTokenThenLogsIn() throws Exception {
        CliRun doctor = CliRun.run(false, args(keycloakPrivateKeyJwt(), "doctor", "--user", mailbox, "--test", "imap",
                "--host", Lab.HOST, "--port", String.valueOf(Lab.KC_IMAP), "--plain"));

        assertThat(doctor.exitCode()).as(doctor::toString).isZero();
        assertThat(doctor.out()).containsPattern("(?m)^azp: +" + clientId + "$").containsPattern("(?m)^email: +" + mailbox + "$")
                .contains("Nothing wrong found in the token. Logging in (--test imap):")
                .contains("AUTHENTICATE XOAUTH2 <redacted").contains("OK: INBOX selected: ");
    }

    @Test
    void doctorTestDoesNotLogInWithAnotherMailboxsTokenAndAFailedLoginExitsOne() throws Exception {
        String other = Lab.newUser();
        CliRun wrongUser = CliRun.run(false, args(keycloakPrivateKeyJwt(), "doctor", "--user", other, "--test",
                "--host", Lab.HOST, "--port", String.valueOf(Lab.KC_IMAP), "--plain"));
        CliRun refused = CliRun.run(false, args(keycloakPrivateKeyJwt(), "doctor", "--user", mailbox, "--test", "pop3",
                "--host", Lab.HOST, "--port", String.valueOf(Lab.IMAP), "--plain", "--quiet"));

        assertThat(wrongUser.exitCode()).as(wrongUser::toString).isEqualTo(1);
        assertThat(wrongUser.out()).contains("The token was issued for " + mailbox + ", not for " + other)
                .contains("Not logging in (--test): fix the problems above first.").doesNotContain("Connecting to");
        // an IMAP port for a POP3 login: the diagnosis passes, the login does not, and the exit status says so
        assertThat(refused.exitCode()).as(refused::toString).isEqualTo(1);
        assertThat(refused.out()).contains("Logging in (--test pop3):");
        assertThat(refused.err()).contains("error: authentication to " + Lab.HOST + " failed");
    }
}
