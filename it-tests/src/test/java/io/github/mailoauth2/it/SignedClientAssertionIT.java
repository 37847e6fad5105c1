package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client assertions against Keycloak's signed-JWT client authenticator, with a client registered with
 * a certificate only (no secret): app-only tokens with the client-credentials grant, and an unmodified
 * application logging in over IMAP and SMTP on the Dovecot that Keycloak's introspection checks (it
 * logs in the token's {@code email}: the service-account user's). The key and certificate come from
 * {@code openssl}, as an administrator makes them.
 */
class SignedClientAssertionIT {
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
                "-out", certificate.toString(), "-subj", "/CN=mail-oauth2-it", "-days", "2")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0).as("openssl made a key").isTrue();
        clientId = "it-jwt-" + UUID.randomUUID().toString().substring(0, 8);
        mailbox = Lab.newUser();
        admin = KeycloakAdmin.login();
        id = admin.createSignedJwtClient(clientId, pemBody(certificate), mailbox);
    }

    @AfterAll
    static void deleteClient() throws Exception {
        if (id != null) {
            admin.deleteClient(id);
        }
    }

    private static String pemBody(Path pem) throws Exception {
        return Files.readString(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    /** What a user sets for app-only tokens from the realm's token endpoint; no secret anywhere. */
    private static AppRun app() {
        return new AppRun(MailApi.JAKARTA)
                .set("mail.oauth2.source", "client-credentials")
                .set("mail.oauth2.token-url", Lab.KC_OIDC + "/token")
                .set("mail.oauth2.client-id", clientId);
    }

    private static AppRun withKey() {
        return app().set("mail.oauth2.client-key", key.toString()).set("mail.oauth2.client-certificate", certificate.toString());
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
        Files.writeString(file, assertion() + "\n");
        AppRun.Result first = app().set("mail.oauth2.client-assertion-file", file.toString())
                .imap("imap", Lab.KC_IMAP, "XOAUTH2").user(mailbox, "dummy").run("imap");
        assertThat(first.exitCode()).as(first::toString).isZero();

        AppRun.Result replayed = app().set("mail.oauth2.client-assertion-file", file.toString())
                .imap("imap", Lab.KC_IMAP, "XOAUTH2").user(mailbox, "dummy").run("imap");
        assertThat(replayed.exitCode()).as("Keycloak refuses a used assertion: " + replayed).isNotZero();
        assertThat(replayed.out()).contains("invalid_client");

        Files.writeString(file, assertion());
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
        String command = assertionCommand(dir, key, clientId, runs);

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
     * A shell command that prints a client assertion for {@code clientId}, freshly signed with {@code key}
     * by {@code openssl} (a new {@code jti} each run), and appends a line to {@code runs} each time.
     */
    static String assertionCommand(Path dir, Path key, String clientId, Path runs) throws Exception {
        Path script = dir.resolve("sign-assertion-" + clientId + ".sh");
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "set -e",
                "echo run >> '" + runs + "'",
                "b64() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }",
                "now=$(date +%s)",
                "header=$(printf '{\"alg\":\"RS256\",\"typ\":\"JWT\"}' | b64)",
                "claims=$(printf '{\"iss\":\"%s\",\"sub\":\"%s\",\"aud\":\"%s\",\"jti\":\"%s\",\"iat\":%s,\"exp\":%s}' \\",
                "  '" + clientId + "' '" + clientId + "' '" + Lab.KC_OIDC + "/token' \"$(openssl rand -hex 16)\" \"$now\" \"$((now + 120))\" | b64)",
                "sig=$(printf '%s.%s' \"$header\" \"$claims\" | openssl dgst -sha256 -sign '" + key + "' -binary | b64)",
                "printf '%s.%s.%s\\n' \"$header\" \"$claims\" \"$sig\"",
                ""));
        return "sh '" + script + "'";
    }

    /** A client assertion (RFC 7523) for the lab client, signed with its key by the JDK alone. */
    private static String assertion() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + clientId + "\",\"sub\":\"" + clientId + "\",\"aud\":\"" + Lab.KC_OIDC + "/token\","
                + "\"jti\":\"" + UUID.randomUUID() + "\",\"iat\":" + now + ",\"exp\":" + (now + 120) + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String content = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pemBody(key))));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(content.getBytes(StandardCharsets.US_ASCII));
        return Secrets.remember(content + "." + b64.encodeToString(signer.sign()));
    }
}
