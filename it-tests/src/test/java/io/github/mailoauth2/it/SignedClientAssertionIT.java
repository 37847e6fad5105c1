package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client assertions against Keycloak's signed-JWT client authenticator, with a client registered with
 * a certificate only (no secret): app-only tokens with the client-credentials grant, and an unmodified
 * application logging in over IMAP and SMTP on the Dovecot that Keycloak's introspection checks (it
 * logs in the token's {@code email}: the service-account user's); see {@link SignedJwtClient}.
 */
class SignedClientAssertionIT {
    @TempDir
    static Path dir;
    private static SignedJwtClient client;
    private static String mailbox;

    @BeforeAll
    static void registerClient() throws Exception {
        client = SignedJwtClient.register(dir, "it-jwt");
        mailbox = client.mailbox;
    }

    @AfterAll
    static void deleteClient() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    /** What a user sets for app-only tokens from the realm's token endpoint; no secret anywhere. */
    private static AppRun app() {
        return client.clientCredentials(new AppRun(MailApi.JAKARTA));
    }

    private static AppRun withKey() {
        return client.withKey(new AppRun(MailApi.JAKARTA));
    }

    @Test
    void aKeyAndCertificateInsteadOfASecretLogInOverImapAndSmtp() throws Exception {
        String subject = "signed assertion " + UUID.randomUUID();
        AppRun.Result sent = withKey().smtp("smtp", Lab.KC_SUBMISSION, "XOAUTH2").user(mailbox, "dummy").run("send", subject);

        assertThat(sent.exitCode()).as(sent::toString).isZero();
        assertThat(sent.err()).as(sent::toString).contains(AppRun.OUR_CLIENT_LOGGED_IN);
        assertThat(Mailbox.waitFor(() -> withKey().imap("imap", Lab.KC_IMAP, "XOAUTH2").user(mailbox, "dummy"), subject)).isTrue();
    }

    /**
     * An assertion signed elsewhere (here by the test, standing in for the platform) in a file that is
     * replaced between logins: Keycloak accepts each assertion once, so the second login passes only
     * because the file was read again.
     */
    @Test
    void anAssertionFileThatIsReplacedBetweenLogins() throws Exception {
        Path file = dir.resolve("federated-token");
        Files.writeString(file, client.assertion() + "\n");
        AppRun.Result first = app().set("mail.oauth2.client-assertion-file", file.toString())
                .imap("imap", Lab.KC_IMAP, "XOAUTH2").user(mailbox, "dummy").run("imap");
        assertThat(first.exitCode()).as(first::toString).isZero();

        AppRun.Result replayed = app().set("mail.oauth2.client-assertion-file", file.toString())
                .imap("imap", Lab.KC_IMAP, "XOAUTH2").user(mailbox, "dummy").run("imap");
        assertThat(replayed.exitCode()).as("Keycloak refuses a used assertion: " + replayed).isNotZero();
        assertThat(replayed.out()).contains("invalid_client");

        Files.writeString(file, client.assertion());
        AppRun.Result rotated = app().set("mail.oauth2.client-assertion-file", file.toString())
                .imap("imap", Lab.KC_IMAP, "XOAUTH2").user(mailbox, "dummy").run("imap");
        assertThat(rotated.exitCode()).as(rotated::toString).isZero();
    }

    /**
     * {@code client-assertion-command}: a program that signs a fresh assertion each time it runs (standing
     * in for a cloud CLI printing an identity token) and counts its runs. Keycloak accepts each assertion
     * once, so a second login passes only because the command ran again: one run per token request.
     */
    @Test
    void anAssertionCommandRunsOncePerTokenRequest() throws Exception {
        Path runs = dir.resolve("assertion-command-runs");
        String command = client.assertionCommand(runs);

        AppRun.Result imap = app().set("mail.oauth2.client-assertion-command", command)
                .imap("imap", Lab.KC_IMAP, "XOAUTH2").user(mailbox, "dummy").run("imap");
        assertThat(imap.exitCode()).as(imap::toString).isZero();
        assertThat(imap.err()).as(imap::toString).contains(AppRun.OUR_CLIENT_LOGGED_IN);
        assertThat(Files.readAllLines(runs)).hasSize(1);

        String subject = "assertion command " + UUID.randomUUID();
        AppRun.Result sent = app().set("mail.oauth2.client-assertion-command", command)
                .smtp("smtp", Lab.KC_SUBMISSION, "XOAUTH2").user(mailbox, "dummy").run("send", subject);
        assertThat(sent.exitCode()).as(sent::toString).isZero();
        assertThat(Files.readAllLines(runs)).hasSize(2);

        AppRun.Result failing = app().set("mail.oauth2.client-assertion-command", "exit 7")
                .imap("imap", Lab.KC_IMAP, "XOAUTH2").user(mailbox, "dummy").run("imap");
        assertThat(failing.exitCode()).isNotZero();
        assertThat(failing.out() + failing.err()).contains("the client assertion command exited with status 7");
    }
    /**
     * The key and certificate in one PKCS#12 file, as Windows and Azure export them, with its password in the
     * environment; a wrong password is named as such, and the password shows nowhere.
     */
    @Test
    void aPkcs12KeystoreWithItsPasswordInTheEnvironment() throws Exception {
        Path keystore = dir.resolve("client.p12");
        String password = "p12-" + UUID.randomUUID();
        Secrets.remember(password);
        ProcessBuilder openssl = new ProcessBuilder("openssl", "pkcs12", "-export", "-inkey", client.key.toString(),
                "-in", client.certificate.toString(), "-out", keystore.toString(), "-passout", "env:P12_PASSWORD")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        openssl.environment().put("P12_PASSWORD", password);
        Process export = openssl.start();
        assertThat(export.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && export.exitValue() == 0).as("openssl exported").isTrue();

        AppRun.Result imap = client.clientCredentials(new AppRun(MailApi.JAKARTA)).set("mail.oauth2.client-keystore", keystore.toString())
                .env("MAIL_OAUTH2_CLIENT_KEYSTORE_PASSWORD", password)
                .imap("imap", Lab.KC_IMAP, "XOAUTH2").user(mailbox, "dummy").run("imap");
        assertThat(imap.exitCode()).as(imap::toString).isZero();
        assertThat(imap.err()).as(imap::toString).contains(AppRun.OUR_CLIENT_LOGGED_IN);

        String wrong = "wrong-" + UUID.randomUUID();
        Secrets.remember(wrong);
        AppRun.Result refused = client.clientCredentials(new AppRun(MailApi.JAKARTA)).set("mail.oauth2.client-keystore", keystore.toString())
                .env("MAIL_OAUTH2_CLIENT_KEYSTORE_PASSWORD", wrong)
                .imap("imap", Lab.KC_IMAP, "XOAUTH2").user(mailbox, "dummy").run("imap");
        assertThat(refused.exitCode()).isNotZero();
        String output = refused.out() + refused.err();
        assertThat(output).as(refused::toString).contains(keystore.toString());
        assertThat(output.contains(wrong) || output.contains(password)).as("a password in the output").isFalse();
    }
}
