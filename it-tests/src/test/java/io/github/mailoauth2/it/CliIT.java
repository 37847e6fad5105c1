package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.store.FileTokenStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against the real servers: Keycloak for the authorization flows (its real login
 * and consent pages, driven by kc_login.py as the browser), Dovecot for the logins.
 */
class CliIT {
    private static final String ALICE = "alice@example.test";
    private static final String SEED_USER = "xoauth@gmail.com";
    private static final String SEED_TOKEN = "ya29.AHES6ZRKeUQwH2xhirksSUDSyjg9oPuRMMal05Ty0cfFIT_uRfESHw";
    private static final String SEED_BASE64 = "dXNlcj14b2F1dGhAZ21haWwuY29tAWF1dGg9QmVhcmVyIHlhMjkuQUhFUzZaUktlVVF3SDJ4aGlya3NTVURTeWpnOW9QdVJNTWFsMDVUeTBjZkZJVF91UmZFU0h3AQE=";

    @TempDir
    Path dir;

    /** Keycloak's public client, as a desktop app registration: no secret, PKCE, refresh tokens. */
    private List<String> keycloak() {
        return List.of("--token-url", Lab.KC_OIDC + "/token", "--authorization-url", Lab.KC_OIDC + "/auth",
                "--device-url", Lab.KC_OIDC + "/auth/device", "--client-id", "mail-cli",
                "--scope", "openid offline_access", "--store", dir.resolve("tokens.json").toString());
    }

    private static String[] args(List<String> common, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(more));
        all.addAll(common);
        return all.toArray(String[]::new);
    }

    private String kcLogin() {
        return "/usr/bin/python3 " + Lab.scripts().resolve("keycloak/kc_login.py") + " login %s -u " + ALICE;
    }

    @Test
    void stringMatchesTheSeedByteForByteAlsoWithOauth2pyFlags() throws Exception {
        CliRun modern = CliRun.run(true, "string", "--user", SEED_USER, "--access-token", SEED_TOKEN);
        CliRun quiet = CliRun.run(true, "string", "--user", SEED_USER, "--access-token", SEED_TOKEN, "--quiet");
        CliRun legacy = CliRun.run(true, "--generate_oauth2_string", "--user=" + SEED_USER, "--access_token=" + SEED_TOKEN);

        assertThat(modern.out()).isEqualTo("OAuth2 argument:\n" + SEED_BASE64 + "\n");
        assertThat(quiet.out()).isEqualTo(SEED_BASE64 + "\n");
        assertThat(legacy.out()).isEqualTo("OAuth2 argument:\n" + SEED_BASE64 + "\n");
    }

    @Test
    void authorizeInTheBrowserThenAnUnmodifiedAppLogsInWithTheStoredAccount() throws Exception {
        CliRun authorize = CliRun.run(true, args(keycloak(), "authorize", "--user", ALICE, "--browser", kcLogin() + " --deliver"));

        assertThat(authorize.exitCode()).as(authorize::toString).isZero();
        String refreshToken = authorize.secretLine("Refresh Token");
        authorize.secretLine("Access Token");
        assertThat(authorize.out()).containsPattern("(?m)^Access Token Expiration Seconds: \\d+$");
        assertThat(authorize.err()).contains("Waiting up to 300 s for the browser to come back to http://127.0.0.1:");
        assertThat(new FileTokenStore(dir.resolve("tokens.json")).read(ALICE).orElseThrow().refreshToken()).isEqualTo(refreshToken);

        AppRun.Result app = new AppRun(MailApi.JAKARTA).imap("imap", Lab.KC_IMAP, "XOAUTH2").user(ALICE, "dummy")
                .set("mail.oauth2.token-url", Lab.KC_OIDC + "/token").set("mail.oauth2.client-id", "mail-cli")
                .set("mail.oauth2.store", dir.resolve("tokens.json").toString()).run("imap");
        assertThat(app.exitCode()).as(app::toString).isZero();
    }

    @Test
    void aDeniedConsentInTheBrowserShowsTheDeniedPageExitsOneAndStoresNothing() throws Exception {
        try (CliRun authorize = CliRun.start(false, args(keycloak(), "authorize", "--user", ALICE, "--browser", "true"))) {
            String url = authorize.awaitErr(Pattern.compile("(?m)^  (http://127\\.0\\.0\\.1:18081/\\S+)$"), Duration.ofSeconds(30));
            java.util.Map<String, String> query = query(url);
            // what the provider does when the user clicks "No": redirect back with error=access_denied
            java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(query.get("redirect_uri")
                            + "?error=access_denied&state=" + query.get("state"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            authorize.await(Duration.ofSeconds(30));

            assertThat(page.body()).contains("<h1 id=\"title\">Access denied</h1>", "Nothing was stored");
            assertThat(authorize.exitCode()).as(authorize::toString).isEqualTo(1);
            assertThat(authorize.err()).contains("error: access was denied in the browser; nothing was stored");
            assertThat(new FileTokenStore(dir.resolve("tokens.json")).read(ALICE)).isEmpty();
        }
    }

    @Test
    void aRedirectWithAnotherStateIsRefused() throws Exception {
        try (CliRun authorize = CliRun.start(false, args(keycloak(), "authorize", "--user", ALICE, "--browser", "true"))) {
            String url = authorize.awaitErr(Pattern.compile("(?m)^  (http://127\\.0\\.0\\.1:18081/\\S+)$"), Duration.ofSeconds(30));
            java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(query(url).get("redirect_uri")
                            + "?code=forged&state=not-ours")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            authorize.await(Duration.ofSeconds(30));

            assertThat(page.statusCode()).isEqualTo(400);
            assertThat(authorize.exitCode()).isEqualTo(1);
            assertThat(authorize.err()).contains("state does not match");
        }
    }

    private static java.util.Map<String, String> query(String url) {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        for (String pair : java.net.URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return values;
    }

    @Test
    void withoutABrowserThePastedAddressCompletesTheAuthorization() throws Exception {
        try (CliRun authorize = CliRun.start(true, args(keycloak(), "authorize", "--user", ALICE, "--no-browser"))) {
            String url = authorize.awaitErr(Pattern.compile("(?m)^  (http://127\\.0\\.0\\.1:18081/\\S+)$"), Duration.ofSeconds(30));
            Process browser = new ProcessBuilder(List.of("/usr/bin/python3", Lab.scripts().resolve("keycloak/kc_login.py").toString(),
                    "login", url, "-u", ALICE)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String landedAt = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(browser.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(landedAt).startsWith("http://127.0.0.1:").contains("code=");

            authorize.stdin().write((landedAt + "\n").getBytes(StandardCharsets.UTF_8));
            authorize.stdin().flush();
            authorize.await(Duration.ofSeconds(60));

            assertThat(authorize.exitCode()).as(authorize::toString).isZero();
            authorize.secretLine("Refresh Token");
            authorize.secretLine("Access Token");
        }
    }

    @Test
    void theDeviceFlowShowsTheCodeAndWaitsForTheApproval() throws Exception {
        try (CliRun authorize = CliRun.start(true, args(keycloak(), "authorize", "--user", ALICE, "--device"))) {
            String complete = authorize.awaitErr(Pattern.compile("\\(or open (\\S+)\\)"), Duration.ofSeconds(30));
            authorize.awaitErr(Pattern.compile("Waiting for the approval\\.\\.\\."), Duration.ofSeconds(30));
            Process approve = new ProcessBuilder(List.of("/usr/bin/python3", Lab.scripts().resolve("keycloak/kc_login.py").toString(),
                    "login", complete, "-u", ALICE)).redirectErrorStream(true).start();
            assertThat(new String(approve.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("DEVICE_LOGIN_OK");
            authorize.await(Duration.ofSeconds(60));

            assertThat(authorize.exitCode()).as(authorize::toString).isZero();
            authorize.secretLine("Refresh Token");
            authorize.secretLine("Access Token");
        }
    }

    @Test
    void aDeviceRequestDeniedOnTheConsentPageEndsWithExitOne() throws Exception {
        try (CliRun authorize = CliRun.start(false, args(keycloak(), "authorize", "--user", ALICE, "--device"))) {
            String complete = authorize.awaitErr(Pattern.compile("\\(or open (\\S+)\\)"), Duration.ofSeconds(30));
            Process deny = new ProcessBuilder(List.of("/usr/bin/python3", Lab.scripts().resolve("keycloak/kc_login.py").toString(),
                    "login", complete, "-u", ALICE, "--deny")).redirectErrorStream(true).start();
            deny.getInputStream().readAllBytes();
            authorize.await(Duration.ofSeconds(60));

            assertThat(authorize.exitCode()).as(authorize::toString).isEqualTo(1);
            assertThat(authorize.err()).contains("error: the authorization was denied at");
        }
    }

    @Test
    void googleRefusesTheDeviceFlowForMailAndTheCommandSaysSo() throws Exception {
        CliRun authorize = CliRun.run(false, "authorize", "--provider", "google", "--client-id", "x", "--device",
                "--store", dir.resolve("tokens.json").toString());

        assertThat(authorize.exitCode()).isEqualTo(2);
        assertThat(authorize.err()).contains("Google does not allow the device flow for the Gmail scope");
    }

    @Test
    void refreshTestAndAccountsWorkFromTheStoreAndTheTraceHidesTokens() throws Exception {
        CliRun authorize = CliRun.run(true, args(keycloak(), "authorize", "--user", ALICE, "--browser", kcLogin() + " --deliver"));
        assertThat(authorize.exitCode()).as(authorize::toString).isZero();
        authorize.secretLine("Refresh Token");
        String store = dir.resolve("tokens.json").toString();

        CliRun refresh = CliRun.run(true, "refresh", "--user", ALICE, "--store", store);
        assertThat(refresh.exitCode()).as(refresh::toString).isZero();
        String accessToken = refresh.secretLine("Access Token");
        assertThat(refresh.out()).containsPattern("(?m)^Access Token Expiration Seconds: \\d+$");
        Secrets.remember(new FileTokenStore(dir.resolve("tokens.json")).read(ALICE).orElseThrow().refreshToken());

        CliRun imap = CliRun.run(false, "test", "imap", "--host", Lab.HOST, "--port", String.valueOf(Lab.KC_IMAP), "--plain",
                "--user", ALICE, "--store", store);
        CliRun smtp = CliRun.run(false, "test", "smtp", "--host", Lab.HOST, "--port", String.valueOf(Lab.KC_SUBMISSION), "--starttls",
                "--user", ALICE, "--store", store);
        CliRun pop3 = CliRun.run(false, "test", "pop3", "--host", Lab.HOST, "--port", String.valueOf(Lab.KC_POP3S), "--tls",
                "--user", ALICE, "--store", store);
        CliRun accounts = CliRun.run(false, "accounts", "--store", store);

        assertThat(imap.exitCode()).as(imap::toString).isZero();
        assertThat(imap.out()).contains("AUTHENTICATE XOAUTH2 <redacted").contains("OK: INBOX selected:")
                .containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d ").doesNotContain(accessToken);
        assertThat(smtp.exitCode()).as(smtp::toString).isZero();
        assertThat(smtp.out()).contains("STARTTLS").contains("AUTH XOAUTH2\n").contains("<redacted").contains("OK: authenticated to");
        assertThat(pop3.exitCode()).as(pop3::toString).isZero();
        assertThat(pop3.out()).contains("messages in the mailbox");
        assertThat(accounts.out()).contains(ALICE, "source:        refresh token from " + Lab.KC_OIDC + "/token, client mail-cli",
                        "refresh token: stored, ", "access token:  valid until", "status:        ok")
                .containsPattern("last refresh:  \\S+Z \\(\\d+ s ago\\)").doesNotContain(accessToken);
    }

    /**
     * A refresh token revoked at Keycloak (RFC 7009): refresh fails for good, the store keeps the refused token
     * and the server's reason, accounts asks for a new authorization, and the new authorization clears it.
     * Bob, not Alice: revoking an offline token ends every offline session of the user at the client.
     */
    @Test
    void aRevokedRefreshTokenMakesAccountsAskForReauthorizationUntilAuthorizedAgain() throws Exception {
        String bob = "bob@example.test";
        String login = "/usr/bin/python3 " + Lab.scripts().resolve("keycloak/kc_login.py") + " login %s -u " + bob + " --deliver";
        Path file = dir.resolve("tokens.json");
        CliRun authorize = CliRun.run(true, args(keycloak(), "authorize", "--user", bob, "--browser", login));
        assertThat(authorize.exitCode()).as(authorize::toString).isZero();
        String refreshToken = authorize.secretLine("Refresh Token");
        authorize.secretLine("Access Token");
        revoke(refreshToken);

        CliRun refused = CliRun.run(false, "refresh", "--user", bob, "--store", file.toString());
        CliRun accounts = CliRun.run(false, "accounts", "--store", file.toString());

        assertThat(refused.exitCode()).as(refused::toString).isEqualTo(1);
        assertThat(refused.err()).as(refused::toString).contains("invalid_grant");
        io.github.mailoauth2.store.StoredAccount kept = new FileTokenStore(file).read(bob).orElseThrow();
        assertThat(kept.refreshToken()).as("the refused refresh token is kept as it was").isEqualTo(refreshToken);
        assertThat(kept.refusal()).startsWith("invalid_grant");
        assertThat(accounts.out()).as(accounts::toString).contains(bob,
                "status:        re-authorization needed: the token endpoint refused the refresh token: invalid_grant",
                "; run: mail-oauth2 authorize --user " + bob);

        CliRun again = CliRun.run(true, args(keycloak(), "authorize", "--user", bob, "--browser", login));
        assertThat(again.exitCode()).as(again::toString).isZero();
        again.secretLine("Refresh Token");
        again.secretLine("Access Token");
        CliRun after = CliRun.run(false, "accounts", "--store", file.toString());

        assertThat(new FileTokenStore(file).read(bob).orElseThrow().refusal()).isNull();
        assertThat(after.out()).as(after::toString).contains("status:        ok").doesNotContain("re-authorization");
    }

    /** RFC 7009 revocation at Keycloak, as the public client mail-cli. */
    private static void revoke(String refreshToken) throws Exception {
        String form = "token=" + java.net.URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)
                + "&token_type_hint=refresh_token&client_id=mail-cli";
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(Lab.KC_OIDC + "/revoke"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response::body).isEqualTo(200);
    }

    @Test
    void showSecretsShowsTheToken() throws Exception {
        String user = Lab.newUser();
        String token = Lab.mockToken(user);

        CliRun imap = CliRun.run(true, "test", "imap", "--host", Lab.HOST, "--port", String.valueOf(Lab.IMAP), "--plain",
                "--user", user, "--access-token", token, "--show-secrets");

        assertThat(imap.exitCode()).as(imap::toString).isZero();
        assertThat(imap.out()).doesNotContain("<redacted").contains(java.util.Base64.getEncoder().encodeToString(
                ("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRejectedTokenShowsTheDecodedReasonAndAHintWithExitOne() throws Exception {
        String token = Lab.bogusToken();

        CliRun imap = CliRun.run(false, "--test_imap_authentication", "--user=" + Lab.newUser(), "--access_token=" + token);
        CliRun local = CliRun.run(false, "test", "imap", "--host", Lab.HOST, "--port", String.valueOf(Lab.IMAPS),
                "--user", Lab.newUser(), "--access-token", token);

        assertThat(local.exitCode()).as(local::toString).isEqualTo(1);
        assertThat(local.out()).contains("+ eyJ"); // the server's failure report stays visible
        assertThat(local.err()).contains("error: authentication to 127.0.0.1 failed: ")
                .contains("XOAUTH2: the server rejected the access token (status 401")
                .contains("hint: The server refused the token.").doesNotContain(token);
        // oauth2.py's flag goes to imap.gmail.com, unreachable here: still exit 1 and a clear error
        assertThat(imap.exitCode()).as(imap::toString).isEqualTo(1);
        assertThat(imap.err()).startsWith("error: ");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertThat(CliRun.run(false, "test", "ftp", "--user", "x").exitCode()).isEqualTo(2);
        assertThat(CliRun.run(false, "--generate_oauth2_token", "--bogus").exitCode()).isEqualTo(2);
        CliRun help = CliRun.run(false, "authorize", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Examples:", "--no-browser", "--device");
    }
}
