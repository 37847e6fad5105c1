package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * IMAPS at the Keycloak-checked Dovecot.
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
