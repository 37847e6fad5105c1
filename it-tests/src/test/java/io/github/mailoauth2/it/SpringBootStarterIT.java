package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mail-oauth2's Spring Boot starter in Spring Boot 4.0 and 3.5 applications ({@code src/frameworks/spring-boot-starter},
 * each on the class path its Maven build resolves: {@code frameworks/spring-boot-starter-<version>}), configured with
 * the {@code application.yml} that docs/spring-boot.md shows and nothing else of mail-oauth2: app-only tokens from
 * Keycloak (a client made for this class, whose service account owns a new mailbox) send over SMTP and receive over
 * IMAPS at the Keycloak-checked Dovecot, also through Spring Integration {@code ImapMailReceiver} and
 * {@code Pop3MailReceiver} beans (POP3S).
 */
class SpringBootStarterIT {
    private static final String CLIENT = "starter-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SECRET = UUID.randomUUID().toString();
    private static final int KC_IMAPS = 11993;

    private static KeycloakAdmin admin;
    private static String clientId;
    private static String mailbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void createClient() throws Exception {
        admin = KeycloakAdmin.login();
        mailbox = Lab.newUser();
        clientId = admin.createServiceAccountClient(CLIENT, SECRET, mailbox);
    }

    @AfterAll
    static void deleteClient() throws Exception {
        if (clientId != null) {
            KeycloakAdmin.login().deleteClient(clientId); // anew: the admin token of @BeforeAll has expired by now
        }
    }

    /** The documented application.yml for the lab: Keycloak's token endpoint, this class's client and mailbox. */
    static String documentedYaml(String name, String user, String client) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(Pattern.quote(Frameworks.DOC_TOKEN_URL), Lab.KC_OIDC + "/token");
        values.put(Pattern.quote(Frameworks.DOC_ADDRESS), user);
        values.put("\\bmail-app\\b", client);
        values.put("\\b(smtp|imap)\\.example\\.com\\b", Lab.TLS_HOST);
        values.put("\\b587\\b", String.valueOf(Lab.KC_SUBMISSION));
        values.put("\\b993\\b", String.valueOf(KC_IMAPS));
        String yaml = Frameworks.documented(Path.of(System.getProperty("docs.spring-boot", "../docs/spring-boot.md")), name);
        for (Map.Entry<String, String> value : values.entrySet()) {
            yaml = yaml.replaceAll(value.getKey(), Matcher.quoteReplacement(value.getValue()));
        }
        return yaml;
    }

    /** The application on Boot {@code version}'s class path, with the starter's jar and the library's (what its build resolves). */
    static AppRun app(String version) throws Exception {
        List<String> ours = new ArrayList<>();
        ours.add(System.getProperty("jar.spring-boot-starter"));
        ours.addAll(List.of(System.getProperty("provider.classpath").split(java.io.File.pathSeparator)));
        return FrameworkMatrixIT.app("spring-boot-starter", "spring-boot-starter-" + version, null, ours, "example.starter.StarterApplication");
    }

    private AppRun.Result run(String version, String yaml, String... steps) throws Exception {
        Path config = Files.writeString(dir.resolve("application.yml"), yaml);
        List<String> args = new ArrayList<>(List.of("--spring.config.location=file:" + config, "--logging.level.io.github.mailoauth2=debug"));
        args.addAll(List.of(steps));
        return app(version).env("MAIL_OAUTH2_CLIENT_SECRET", SECRET).run(args.toArray(String[]::new));
    }

    private static List<String> lines(AppRun.Result r, String prefix) {
        return r.out().lines().filter(line -> line.startsWith(prefix)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.0", "3.5"})
    void theStarterAndApplicationYmlAloneSendAndReceiveWithKeycloakTokens(String version) throws Exception {
        String subject = "starter " + version + " " + UUID.randomUUID();

        AppRun.Result r = run(version, documentedYaml("spring-boot-starter-yml", mailbox, CLIENT), "send:" + subject, "receive:" + subject,
                "health", "meters");

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.out()).as(r::toString).contains("SENT " + subject, "RECEIVED " + subject);
        String logins = "XOAUTH2: sent " + mailbox + "'s access token to ";
        assertThat(r.out()).as(r::toString).contains(logins + "smtp server", logins + "imaps server");
        assertThat(r.out()).as(r::toString).doesNotContain(SECRET);
        assertThat(r.out().lines().filter(line -> line.contains("WARN") && line.contains("mailoauth2"))).as(r::toString).isEmpty();
        assertThat(lines(r, "HEALTH ")).as(r::toString).singleElement().asString().startsWith("HEALTH UP {app:" + CLIENT + "=")
                .contains("status=UP", "source=client-credentials", "remainingSeconds=", "lastRefresh=");
        // one token for both logins (cached), and each login counted by protocol
        assertThat(lines(r, "METER ")).as(r::toString).contains(
                "METER mail.oauth2.token.requests outcome=refreshed source=client-credentials value=1.0",
                "METER mail.oauth2.logins mechanism=XOAUTH2 outcome=succeeded protocol=smtp source=client-credentials value=1.0");
        assertThat(lines(r, "METER mail.oauth2.logins mechanism=XOAUTH2 outcome=succeeded protocol=imaps")).as(r::toString)
                .singleElement().asString().doesNotContain("value=0.0");
    }

    /**
     * The documented application.yml, and a Spring Integration receiver's URL as an application would write it (no
     * password) in the application's {@code app.<property>}: {@code receiver-url} (IMAP) or {@code pop3-receiver-url}.
     */
    private static String withReceiver(String property, String url) throws Exception {
        return documentedYaml("spring-boot-starter-yml", mailbox, CLIENT).stripTrailing() + "\napp:\n  " + property + ": " + url + "\n";
    }

    private static String receiverUrl(String protocol, int port, String password) {
        String user = URLEncoder.encode(mailbox, StandardCharsets.UTF_8) + (password == null ? "" : ":" + password);
        return protocol + "://" + user + "@" + Lab.TLS_HOST + ":" + port + "/INBOX";
    }

    /**
     * Spring Integration mail: an {@code ImapMailReceiver} bean made from its URL alone (no password, no SASL keys)
     * receives at the Keycloak-checked Dovecot; the one token request is timed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"4.0", "3.5"})
    void aSpringIntegrationReceiverWithItsUrlAloneReceives(String version) throws Exception {
        String subject = "starter integration " + version + " " + UUID.randomUUID();

        AppRun.Result r = run(version, withReceiver("receiver-url", receiverUrl("imaps", KC_IMAPS, null)), "send:" + subject, "si-receive:" + subject,
                "meters");

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.out()).as(r::toString).contains("SENT " + subject, "SI RECEIVED " + subject,
                "XOAUTH2: sent " + mailbox + "'s access token to imaps server");
        assertThat(r.out().lines().filter(line -> line.contains("WARN") && line.contains("mailoauth2"))).as(r::toString).isEmpty();
        assertThat(lines(r, "METER mail.oauth2.token.request.duration")).as(r::toString).singleElement().asString()
                .startsWith("METER mail.oauth2.token.request.duration outcome=refreshed source=client-credentials value=1.0 ");
    }

    /**
     * The same for POP3 (unit-tested alone before): a {@code Pop3MailReceiver} bean made from its URL alone receives
     * over POP3S at the Keycloak-checked Dovecot, the token going in JavaMail's XOAUTH2 (which the starter selects: POP3
     * has no SASL, and JavaMail's default LOGIN sent the token as a password, which Dovecot refused).
     */
    @ParameterizedTest
    @ValueSource(strings = {"4.0", "3.5"})
    void aSpringIntegrationPop3ReceiverWithItsUrlAloneReceives(String version) throws Exception {
        String subject = "starter integration pop3 " + version + " " + UUID.randomUUID();

        AppRun.Result r = run(version, withReceiver("pop3-receiver-url", receiverUrl("pop3s", Lab.KC_POP3S, null)), "send:" + subject,
                "si-pop3-receive:" + subject, "meters");

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.out()).as(r::toString).contains("SENT " + subject, "SI POP3 RECEIVED " + subject);
        assertThat(r.out().lines().filter(line -> line.contains("WARN") && line.contains("mailoauth2"))).as(r::toString).isEmpty();
        // POP3 logs in through JavaMail's own XOAUTH2, not a SASL client (no "sent ... access token" line): the login
        // meter is the library's record that the token went to the pop3s server and was accepted, each time
        assertThat(lines(r, "METER mail.oauth2.logins").stream().filter(line -> line.contains(" protocol=pop3s "))).as(r::toString)
                .singleElement().asString()
                .startsWith("METER mail.oauth2.logins mechanism=XOAUTH2 outcome=succeeded protocol=pop3s source=client-credentials value=")
                .doesNotContain("value=0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.0", "3.5"})
    void aRealPasswordInAReceiversUrlStopsTheStartWithTheReason(String version) throws Exception {
        String password = "a-real-password-" + UUID.randomUUID();

        AppRun.Result r = run(version, withReceiver("receiver-url", receiverUrl("imaps", KC_IMAPS, password)), "send:never");

        assertThat(r.exitCode()).as(r::toString).isNotZero();
        assertThat(r.out() + r.err()).as(r::toString).contains("the password in the URL of imapReceiver is set while mail.oauth2"
                + " settings are configured (source client-credentials)", "Remove the password from imapReceiver's URL")
                .doesNotContain("SENT never");
        assertThat(r.out() + r.err()).as("the password is not shown").doesNotContain(password);
    }

    /**
     * The bridge: a Spring Security client registration at Keycloak (client credentials) supplies the mail tokens;
     * the starter's {@code spring-security} source is the only token source bean, so the sender uses it unnamed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"4.0", "3.5"})
    void aSpringSecurityClientRegistrationSuppliesTheMailTokens(String version) throws Exception {
        String subject = "starter spring-security " + version + " " + UUID.randomUUID();
        Path config = Files.writeString(dir.resolve("application.yml"), documentedYaml("spring-boot-starter-spring-security-yml", mailbox, CLIENT));

        AppRun.Result r = app(version).env("MAIL_APP_SECRET", SECRET).run("--spring.config.location=file:" + config,
                "--logging.level.io.github.mailoauth2=debug", "send:" + subject, "meters");

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.out()).as(r::toString).contains("SENT " + subject, "XOAUTH2: sent " + mailbox + "'s access token to smtp server");
        assertThat(lines(r, "METER mail.oauth2.logins")).as(r::toString)
                .containsExactly("METER mail.oauth2.logins mechanism=XOAUTH2 outcome=succeeded protocol=smtp source=spring-security value=1.0");
        assertThat(r.out() + r.err()).as("the client secret in the output").doesNotContain(SECRET);
    }

    /**
     * Actuator's health endpoint shows the account UP with its token's remaining life; after an administrator ends
     * the user's sessions at Keycloak, the next send's cached token is rejected and the refresh refused: DOWN with
     * {@code REAUTHORIZATION_NEEDED}; after a fresh authorization (a new refresh token stored, as {@code authorize}
     * stores it) the next send refreshes: UP again. The meters count each of these, exactly.
     */
    @ParameterizedTest
    @ValueSource(strings = {"4.0", "3.5"})
    void healthGoesDownWhenKeycloakRevokesAndUpAfterANewAuthorization(String version) throws Exception {
        String user = "alice@example.test";
        String client = "starter-rt-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = UUID.randomUUID().toString();
        String tokenUrl = Lab.KC_OIDC + "/token";
        Path store = dir.resolve("tokens.json");
        String id = KeycloakAdmin.login().createShortTokenClient(client, secret, 60);
        try {
            String firstRefreshToken = ListeningApp.authorize(store, user, client, secret, tokenUrl, Instant.now());
            String yaml = String.join("\n", "spring:", "  mail:", "    host: " + Lab.TLS_HOST, "    port: " + Lab.KC_SUBMISSION,
                    "    username: " + user, "mail:", "  oauth2:", "    source: refresh-token", "    token-url: " + tokenUrl,
                    "    client-id: " + client, "    store: " + store, "");
            Path config = Files.writeString(dir.resolve("application.yml"), yaml);
            AppRun.Started app = app(version).env("MAIL_OAUTH2_CLIENT_SECRET", secret).timeout(Duration.ofSeconds(240))
                    .start("--spring.config.location=file:" + config, "send:before", "health", "pause:" + dir.resolve("revoked"),
                            "send:revoked", "health", "pause:" + dir.resolve("reauthorized"), "send:after", "health", "meters");
            ListeningApp.await(app, "the first health", out -> out.contains("HEALTH "), Duration.ofSeconds(120));

            KeycloakAdmin.login().logOut(user);
            ListeningApp.release(dir.resolve("revoked"));
            ListeningApp.await(app, "the health after the revocation", out -> out.split("HEALTH ", -1).length == 3, Duration.ofSeconds(60));
            long refused = System.nanoTime();
            String secondRefreshToken = ListeningApp.authorize(store, user, client, secret, tokenUrl, Instant.now());
            // the library answers from the refusal for 5 s (RefreshPolicy.FAILURE_BACKOFF) before it reads the store again
            Thread.sleep(Math.max(0, 6000 - (System.nanoTime() - refused) / 1_000_000));
            ListeningApp.release(dir.resolve("reauthorized"));
            AppRun.Result r = app.result();

            assertThat(r.exitCode()).as(r::toString).isZero();
            assertThat(r.out()).as(r::toString).contains("SENT before", "SEND FAILED revoked", "SENT after");
            List<String> health = lines(r, "HEALTH ");
            assertThat(health).as(r::toString).hasSize(3);
            assertThat(health.get(0)).startsWith("HEALTH UP {" + user + "={status=UP, source=refresh-token").contains("remainingSeconds=", "lastRefresh=");
            assertThat(health.get(1)).startsWith("HEALTH DOWN {" + user + "={status=DOWN, source=refresh-token, reason=REAUTHORIZATION_NEEDED")
                    .contains("Authorize again");
            assertThat(health.get(2)).startsWith("HEALTH UP {" + user + "={status=UP").doesNotContain("reason=");
            assertThat(lines(r, "METER ")).as(r::toString).contains(
                    "METER mail.oauth2.token.requests outcome=refreshed source=refresh-token value=2.0",
                    "METER mail.oauth2.token.requests outcome=reauthorization_needed source=refresh-token value=1.0",
                    "METER mail.oauth2.token.rejections source=refresh-token value=1.0",
                    "METER mail.oauth2.logins mechanism=XOAUTH2 outcome=succeeded protocol=smtp source=refresh-token value=2.0",
                    "METER mail.oauth2.logins mechanism=XOAUTH2 outcome=rejected protocol=smtp source=refresh-token value=1.0",
                    "METER mail.oauth2.logins mechanism=XOAUTH2 outcome=failed protocol=smtp source=refresh-token value=1.0");
            // the timer: one timing per token request, by outcome (count, then total and max seconds)
            assertThat(lines(r, "METER mail.oauth2.token.request.duration")).as(r::toString).hasSize(2)
                    .anySatisfy(line -> assertThat(line).startsWith("METER mail.oauth2.token.request.duration outcome=refreshed"
                            + " source=refresh-token value=2.0 "))
                    .anySatisfy(line -> assertThat(line).startsWith("METER mail.oauth2.token.request.duration"
                            + " outcome=reauthorization_needed source=refresh-token value=1.0 "));
            boolean leaks = (r.out() + r.err()).contains(firstRefreshToken) || (r.out() + r.err()).contains(secondRefreshToken)
                    || (r.out() + r.err()).contains(secret);
            assertThat(leaks).as("a refresh token or the client secret in the application's output").isFalse();
        } finally {
            KeycloakAdmin.login().deleteClient(id);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.0", "3.5"})
    void aRealPasswordBesideATokenSourceStopsTheStartWithTheReason(String version) throws Exception {
        String password = "a-real-password-" + UUID.randomUUID();
        String yaml = documentedYaml("spring-boot-starter-yml", mailbox, CLIENT)
                .replace("    username: ", "    password: " + password + "\n    username: ");

        AppRun.Result r = run(version, yaml, "send:never");

        assertThat(r.exitCode()).as(r::toString).isNotZero();
        assertThat(r.out() + r.err()).as(r::toString).contains("spring.mail.password (of mailSender) is set while mail.oauth2 settings"
                + " are configured (source client-credentials)", "Remove spring.mail.password").doesNotContain("SENT never");
        assertThat(r.out() + r.err()).as("the password is not shown").doesNotContain(password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.0", "3.5"})
    void aMechanismListWithoutOursStopsTheStartWithTheReason(String version) throws Exception {
        String yaml = documentedYaml("spring-boot-starter-yml", mailbox, CLIENT)
                .replace("    properties:\n", "    properties:\n      mail.smtp.sasl.mechanisms: PLAIN LOGIN\n");

        AppRun.Result r = run(version, yaml, "send:never");

        assertThat(r.exitCode()).as(r::toString).isNotZero();
        assertThat(r.out() + r.err()).as(r::toString).contains("mail.smtp.sasl.mechanisms is 'PLAIN LOGIN', which has neither XOAUTH2 nor"
                + " OAUTHBEARER").doesNotContain("SENT never");
    }
}
