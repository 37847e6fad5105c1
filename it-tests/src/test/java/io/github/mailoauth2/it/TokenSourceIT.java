package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other token sources, each against the real servers, with the application's password a dummy:
 * client credentials and a token command against mock-oauth2-server (whose client_credentials
 * tokens carry the client id as the user), and a third party's source dropped in as its own jar.
 */
class TokenSourceIT {
    @TempDir
    Path dir;

    @Test
    void clientCredentials() throws Exception {
        String user = Lab.newUser();

        AppRun.Result r = new AppRun(MailApi.JAKARTA).imap("imap", Lab.IMAP, "XOAUTH2").user(user, "dummy")
                .set("mail.oauth2.source", "client-credentials")
                .set("mail.oauth2.token-url", Lab.MOCK_TOKEN_URL)
                .set("mail.oauth2.client-id", user)
                .set("mail.oauth2.client-secret", "app-secret")
                .set("mail.oauth2.scope", "mail")
                .run("imap");

        assertThat(r.exitCode()).as(r::toString).isZero();
    }

    @Test
    void aTokenCommand() throws Exception {
        String user = Lab.newUser();

        AppRun.Result r = new AppRun(MailApi.JAKARTA).imap("imap", Lab.IMAP, "OAUTHBEARER").user(user, "dummy")
                .set("mail.oauth2.source", "command")
                .set("mail.oauth2.command", "curl -sf -u \"$MAIL_OAUTH2_USER:secret\" -d grant_type=client_credentials"
                        + " -d scope=mail " + Lab.MOCK_TOKEN_URL)
                .run("imap");

        assertThat(r.exitCode()).as(r::toString).isZero();
    }

    @Test
    void aFailingTokenCommandIsReportedAtConnect() throws Exception {
        AppRun.Result r = new AppRun(MailApi.JAKARTA).imap("imap", Lab.IMAP, "XOAUTH2").user(Lab.newUser(), "dummy")
                .set("mail.oauth2.source", "command")
                .set("mail.oauth2.command", "echo 'no such account' >&2; exit 4")
                .run("imap");

        assertThat(r.out()).as(r::toString)
                .startsWith("FAILED jakarta.mail.AuthenticationFailedException: SASL authentication failed"
                        + " [XOAUTH2: the token command exited with status 4: no such account]");
    }

    @Test
    void aThirdPartySourceInItsOwnJar() throws Exception {
        String user = Lab.newUser();
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, Lab.mockToken(user) + "\n");

        AppRun.Result r = new AppRun(MailApi.JAKARTA).imap("imap", Lab.IMAP, "XOAUTH2").user(user, "dummy")
                .extraJar(ExamplePlugins.jar(dir))
                .set("mail.oauth2.source", "file")
                .set("mail.oauth2.token-file", tokenFile.toString())
                .run("imap");

        assertThat(r.exitCode()).as(r::toString).isZero();
    }

    @Test
    void aMisspelledKeyIsNamedAtConnect() throws Exception {
        AppRun.Result r = new AppRun(MailApi.JAKARTA).imap("imap", Lab.IMAP, "XOAUTH2").user(Lab.newUser(), "dummy")
                .set("mail.oauth2.provider", "google")
                .set("mail.oauth2.client_id", "x")
                .run("imap");

        assertThat(r.out()).as(r::toString).contains("[XOAUTH2: mail.oauth2.client_id is not a mail-oauth2 setting;"
                + " did you mean client-id?");
    }
}
