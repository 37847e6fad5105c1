package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.store.FileTokenStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real consent flow in a real browser: headless Chromium opens the URL the command line prints,
 * a person's typing logs in at Keycloak's login form, Keycloak redirects to the command line's
 * loopback page, the command line stores the token, and an unmodified JavaMail app then logs in to
 * Dovecot with it.
 */
class BrowserConsentIT {
    private static final String ALICE = "alice@example.test";

    @TempDir
    Path dir;

    @Test
    void loginInChromiumLandsOnTheLoopbackPageAndTheAppLogsIn() throws Exception {
        Path store = dir.resolve("tokens.json");
        try (CliRun authorize = CliRun.start(true, "authorize", "--user", ALICE, "--browser", "true",
                "--token-url", Lab.KC_OIDC + "/token", "--authorization-url", Lab.KC_OIDC + "/auth", "--client-id", "mail-cli",
                "--scope", "openid offline_access", "--store", store.toString());
             WebDriver chromium = new WebDriver(dir.resolve("chromium-profile"))) {
            String url = authorize.awaitErr(Pattern.compile("(?m)^  (http://127\\.0\\.0\\.1:18081/\\S+)$"), Duration.ofSeconds(30));

            chromium.open(url);
            chromium.type("#username", ALICE);
            chromium.type("#password", "alicepw");
            chromium.click("#kc-login");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!chromium.url().startsWith("http://127.0.0.1:") || chromium.url().startsWith("http://127.0.0.1:18081")) {
                assertThat(System.nanoTime()).as("Chromium never reached the loopback page; at " + chromium.url()).isLessThan(deadline);
                Thread.sleep(200);
            }
            String page = chromium.source();
            chromium.screenshot(Path.of(System.getProperty("it.output", "target/it-output"), "consent-success.png"));
            authorize.await(Duration.ofSeconds(60));

            assertThat(page).contains("Authorized", "You can close this window");
            assertThat(authorize.exitCode()).as(authorize::toString).isZero();
            authorize.secretLine("Refresh Token");
            authorize.secretLine("Access Token");
        }
        assertThat(new FileTokenStore(store).read(ALICE)).isPresent();
        Secrets.remember(new FileTokenStore(store).read(ALICE).orElseThrow().refreshToken());

        AppRun.Result app = new AppRun(MailApi.JAKARTA).imap("imap", Lab.KC_IMAP, "XOAUTH2").user(ALICE, "dummy")
                .set("mail.oauth2.token-url", Lab.KC_OIDC + "/token").set("mail.oauth2.client-id", "mail-cli")
                .set("mail.oauth2.store", store.toString()).run("imap");
        assertThat(app.exitCode()).as(app::toString).isZero();
    }
}
