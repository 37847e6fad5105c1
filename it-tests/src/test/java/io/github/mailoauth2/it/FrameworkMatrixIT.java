package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The framework matrix (docs/frameworks.md): unmodified applications on Spring Boot, Spring Integration, Simple Java
 * Mail, Logback, Log4j 2, Apache Commons Email and Tomcat, each in its own JVM on the class path its users' build
 * gives it, configured with exactly the lines docs/frameworks.md shows (the lab's servers in place of the example
 * ones), with mail-oauth2 where that page puts it. Each sends through the lab's submission server with a token from
 * a token source (its password is a dummy that no server accepts, and its mailbox is new: only the token source's
 * token opens it), and the message is read back over IMAP; Spring Integration receives over IMAP IDLE.
 */
class FrameworkMatrixIT {
    /** Keycloak-checked Dovecot's IMAPS port (lab/README.md). */
    private static final int KC_IMAPS = 11993;

    @TempDir
    Path dir;

    /** What a Maven user adds: the library and its dependencies, and the adapter jar for an older JavaMail. */
    private static List<String> library(String... adapterJarProperties) {
        List<String> jars = new ArrayList<>(List.of(System.getProperty("provider.classpath").split(java.io.File.pathSeparator)));
        for (String property : adapterJarProperties) {
            jars.add(System.getProperty(property));
        }
        return jars;
    }

    /** The drop-in jar alone. */
    private static List<String> dropIn() {
        return List.of(PluginJarIT.pluginJar());
    }

    /**
     * The application in {@code src/frameworks/<app>} compiled against framework {@code module}, on a class path of
     * its classes, {@code config} (its configuration files, if any), our jars and the framework's.
     */
    static AppRun app(String app, String module, Path config, List<String> ours, String mainClass) throws Exception {
        List<String> framework = Frameworks.classPath(module);
        List<String> classPath = new ArrayList<>();
        classPath.add(Frameworks.compile(app, module, framework).toString());
        if (config != null) {
            classPath.add(config.toString());
        }
        classPath.addAll(ours);
        classPath.addAll(framework);
        return new AppRun(JavaMail.ANGUS_2).classPathOverride(classPath).mainClass(mainClass)
                .env("MAIL_OAUTH2_CLIENT_SECRET", Frameworks.CLIENT_SECRET);
    }

    private static void assertArrived(String user, String... subjects) throws Exception {
        String token = Lab.mockToken(user);
        for (String subject : subjects) {
            assertThat(Mailbox.waitFor(JavaMail.ANGUS_2.api, Lab.IMAP, user, token, subject)).as("'%s' arrived", subject).isTrue();
        }
    }

    private static void assertSent(AppRun.Result r, String... subjects) {
        assertThat(r.exitCode()).as(r::toString).isZero();
        for (String subject : subjects) {
            assertThat(r.out()).as(r::toString).contains("SENT " + subject);
        }
        assertThat(ourWarnings(r.out() + r.err())).as(r::toString).isEmpty();
    }

    /** Our WARNINGs in an application's output, whether JUL printed them or a logging framework that took JUL over. */
    private static List<String> ourWarnings(String output) {
        return output.lines().filter(line -> line.contains("WARN") && line.contains("mail-oauth2")).toList();
    }

    private static String subject(String framework) {
        return framework + " " + UUID.randomUUID();
    }

    /**
     * Spring Boot's auto-configured {@code JavaMailSender}, {@code spring.mail.properties.*} in application.yml (4.0,
     * 3.5) or application.properties (2.7, javax.mail API: with {@code mail-oauth2-javax}); mail-oauth2's
     * dependencies declared before the mail starter. Two messages: the second one's login takes the cached token.
     */
    @ParameterizedTest
    @ValueSource(strings = {"4.0", "3.5", "2.7"})
    void springBoot(String version) throws Exception {
        String user = Lab.newUser();
        boolean yaml = !version.equals("2.7");
        Path config = Files.writeString(dir.resolve(yaml ? "application.yml" : "application.properties"),
                Frameworks.forLab(yaml ? "spring-boot-yml" : "spring-boot-properties", user));
        List<String> ours = yaml ? library() : library("jar.javax-adapters");
        String first = subject("spring-boot-" + version);
        String second = subject("spring-boot-" + version);

        AppRun.Result r = app("spring-boot", "spring-boot-" + version, null, ours, "example.springboot.MailerApplication")
                .run("--spring.config.location=file:" + config, "--logging.level.io.github.mailoauth2=debug", first, second);

        assertSent(r, first, second);
        assertThat(r.out()).as(r::toString).contains(AppRun.OUR_CLIENT_LOGGED_IN);
        assertArrived(user, first, second);
    }

    /** Simple Java Mail's {@code SMTP} strategy, mail-oauth2 configured through {@code simplejavamail.extraproperties.*}. */
    @Test
    void simpleJavaMailSmtp() throws Exception {
        simpleJavaMail("simple-java-mail-smtp");
    }

    /**
     * Simple Java Mail's {@code SMTP_OAUTH2} strategy: it sets {@code mail.smtp.auth.mechanisms=XOAUTH2} (Angus Mail's
     * own XOAUTH2, whose token is the connect password); with mail-oauth2 configured, the token must still come from
     * the token source (the password here is a dummy).
     */
    @Test
    void simpleJavaMailSmtpOAuth2() throws Exception {
        simpleJavaMail("simple-java-mail-smtp-oauth2");
    }

    private void simpleJavaMail(String block) throws Exception {
        String user = Lab.newUser();
        Files.writeString(dir.resolve("simplejavamail.properties"), Frameworks.forLab(block, user));
        String subject = subject(block);

        AppRun.Result r = app("simple-java-mail", "simple-java-mail", dir, library(), "example.simplejavamail.Notifier").run(subject);

        assertThat(r.out()).as(r::toString).contains("CONNECTED");
        assertSent(r, subject);
        assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
        assertArrived(user, subject);
    }

    /** Logback's {@code SMTPAppender} from logback.xml, the SASL and mail-oauth2 keys as system properties, the drop-in jar. */
    @Test
    void logback() throws Exception {
        String user = Lab.newUser();
        Files.writeString(dir.resolve("logback.xml"), Frameworks.forLab("logback-xml", user));
        String run = UUID.randomUUID().toString();
        AppRun app = app("logback", "logback", dir, dropIn(), "example.logback.LogbackApp");
        Frameworks.systemProperties("logback-command", user).forEach(app::jvmArg);

        AppRun.Result r = app.run(run);

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.out()).as(r::toString).doesNotContain("LOGBACK ");
        assertThat(ourWarnings(r.out() + r.err())).as(r::toString).isEmpty();
        assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
        assertArrived(user, "the nightly import failed (run " + run + ")");
    }

    /**
     * Log4j 2's {@code SMTP} appender from log4j2.xml (javax.mail 1.6.2, what log4j-core is built for), the SASL and
     * mail-oauth2 keys as system properties, the drop-in jar before javax.mail's.
     */
    @Test
    void log4j2() throws Exception {
        String user = Lab.newUser();
        Files.writeString(dir.resolve("log4j2.xml"), Frameworks.forLab("log4j2-xml", user));
        AppRun app = app("log4j2", "log4j2", dir, dropIn(), "example.log4j2.Log4j2App");
        Frameworks.systemProperties("log4j2-command", user).forEach(app::jvmArg);

        AppRun.Result r = app.run(UUID.randomUUID().toString());

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.err()).as(r::toString).doesNotContain("ERROR");
        assertThat(ourWarnings(r.out() + r.err())).as(r::toString).isEmpty();
        assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
        assertArrived(user, "[myapp] ERROR");
    }

    /**
     * Apache Commons Email 2 ({@code commons-email2-jakarta}, on Jakarta Mail 2.0.1): the documented code, the SASL
     * and mail-oauth2 keys as system properties, the library with {@code mail-oauth2-sun-jakarta}. Two messages.
     */
    @Test
    void commonsEmail() throws Exception {
        assertThat(Frameworks.source("commons-email", "example/commonsemail/Reporter.java").replaceAll("\\s+", " "))
                .as("docs/frameworks.md quotes the tested application's code")
                .contains(Frameworks.documented("commons-email-java").replaceAll("\\s+", " ").strip());
        String user = Lab.newUser();
        AppRun app = app("commons-email", "commons-email", null, library("jar.sun-jakarta-adapters"), "example.commonsemail.Reporter")
                .user(user, "").set("app.smtp.host", Lab.TLS_HOST).set("app.smtp.port", String.valueOf(Lab.SUBMISSION));
        Frameworks.systemProperties("commons-email-command", user).forEach(app::jvmArg);
        String first = subject("commons-email");
        String second = subject("commons-email");

        AppRun.Result r = app.run(first, second);

        assertSent(r, first, second);
        assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
        assertArrived(user, first, second);
    }

    /**
     * Tomcat 11 (its distribution) with a JNDI {@code mail/Session} {@code <Resource>} in the application's
     * {@code META-INF/context.xml}, Jakarta Mail, Angus Mail and the drop-in jar in the server's {@code lib/}: one
     * message through that session (Tomcat loads {@code lib/*.jar} in directory order, so whose SMTP transport it gets
     * is not asserted), and one through the same resource with the documented {@code mail.smtp.class} attribute,
     * which must be our adapter's transport. One Tomcat for both.
     */
    @Test
    void tomcat() throws Exception {
        String user = Lab.newUser();
        List<String> mail = Frameworks.classPath("tomcat-11");
        Path home;
        try (Stream<Path> unpacked = Files.list(Path.of(System.getProperty("frameworks.out", "target/frameworks"), "tomcat-11"))) {
            home = unpacked.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        String first = subject("tomcat");
        String second = subject("tomcat");
        String plain;
        String pinned;
        Path consoleFile;
        try (Tomcat tomcat = new Tomcat(home, dir.resolve("tomcat-base"))) {
            for (String jar : Stream.concat(mail.stream(), dropIn().stream()).toList()) {
                Files.copy(Path.of(jar), tomcat.base.resolve("lib").resolve(Path.of(jar).getFileName()));
            }
            Path webapp = tomcat.base.resolve("webapps/mailer");
            List<String> servletCompile = new ArrayList<>(mail);
            servletCompile.add(home.resolve("lib/servlet-api.jar").toString());
            copyTree(Frameworks.compile("tomcat", "tomcat-11", servletCompile), webapp.resolve("WEB-INF/classes"));
            Files.copy(Path.of(System.getProperty("frameworks.sources", "src/frameworks"), "tomcat/WEB-INF/web.xml"),
                    webapp.resolve("WEB-INF/web.xml"));
            String context = Frameworks.forLab("tomcat-context-xml", user);
            String resource = context.substring(context.indexOf("<Resource"), context.indexOf("/>") + 2);
            String withClass = resource.replace("name=\"mail/Session\"", "name=\"mail/Pinned\"")
                    .replace("/>", "\n            " + Frameworks.documented("tomcat-class-attribute").strip() + "/>");
            Files.createDirectories(webapp.resolve("META-INF"));
            Files.writeString(webapp.resolve("META-INF/context.xml"), context.replace(resource, resource + "\n  " + withClass));
            consoleFile = tomcat.console;
            tomcat.start(Map.of("MAIL_OAUTH2_CLIENT_SECRET", Frameworks.CLIENT_SECRET));

            plain = tomcat.get("/mailer/send?resource=mail/Session&subject=" + first.replace(' ', '+'));
            pinned = tomcat.get("/mailer/send?resource=mail/Pinned&subject=" + second.replace(' ', '+'));
        }
        String console = Files.readString(consoleFile);
        assertThat(plain).as(console).startsWith("SENT " + first + " ");
        assertThat(pinned).as(console).isEqualTo("SENT " + second + " io.github.mailoauth2.internal.angus.OAuth2SmtpTransport\n");
        assertThat(console.split("XOAUTH2: sent " + Pattern.quote(user) + "'s access token to smtp server", -1))
                .as(console).hasSize(3);
        assertArrived(user, first, second);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Files.createDirectories(to.resolve(from.relativize(file)).getParent());
                Files.copy(file, to.resolve(from.relativize(file)));
            }
        }
    }

    /**
     * Spring Integration 7's IMAP IDLE inbound adapter (on Spring Boot 4.0) waiting on a Keycloak-checked Dovecot
     * (IMAPS) with the {@code refresh-token} source and Keycloak's {@code mail-app} client (60 s access tokens,
     * single-use refresh tokens): a message arrives; the server side drops the connection and the adapter reconnects
     * (the cached token); the first access token expires, the connection is dropped again, and the adapter reconnects
     * with a refreshed one. Every message arrives, every connection is logged in by our SASL client, and nothing
     * WARNs. The connection runs through a proxy that cuts it; Keycloak's token endpoint through one that counts.
     */
    @Test
    void springIntegrationImapIdle() throws Exception {
        // bob: alice's Keycloak sessions are ended by TokenEventsIT, which may run at the same time on a shared lab
        String user = "bob@example.test";
        String refreshToken = Lab.keycloakLogin(user, Lab.KC_APP, Lab.KC_APP_SECRET).get("refresh_token").getAsString();
        String yaml = "spring-integration-yml";
        assertThat(Frameworks.source("spring-integration", "example/springintegration/InboxApplication.java").replaceAll("\\s+", " "))
                .as("docs/frameworks.md quotes the tested application's code")
                .contains(Frameworks.documented("spring-integration-java").replaceAll("\\s+", " ").strip());
        try (CuttingProxy imap = new CuttingProxy(KC_IMAPS); CountingProxy keycloak = new CountingProxy(Lab.KC_OIDC + "/token")) {
            Map<String, String> values = Frameworks.labValues(user);
            values.put(Pattern.quote(Frameworks.DOC_TOKEN_URL), keycloak.url());
            values.put("\\bmail-app\\b", Lab.KC_APP);
            values.put("\\b993\\b", String.valueOf(imap.port()));
            values.put(Pattern.quote("/var/lib/myapp/mail-tokens.json"), dir.resolve("tokens.json").toString());
            Path config = Files.writeString(dir.resolve("application.yml"), Frameworks.forLab(yaml, values));
            AppRun.Started app = app("spring-integration", "spring-integration-7", null, library(), "example.springintegration.InboxApplication")
                    .env("MAIL_OAUTH2_CLIENT_SECRET", Lab.KC_APP_SECRET).env("MAIL_OAUTH2_REFRESH_TOKEN", Secrets.remember(refreshToken))
                    .start("--spring.config.location=file:" + config, "--logging.level.io.github.mailoauth2=debug");
            try {
                // our SASL client names the server it sent the token to: the proxy's port on every connection
                String loggedIn = "XOAUTH2: sent " + user + "'s access token to imaps server " + Lab.TLS_HOST + ":" + imap.port() + " ";
                awaitOutput(app, loggedIn, 1);
                long firstLogin = System.nanoTime();
                String[] subjects = {subject("idle"), subject("idle after a reconnect"), subject("idle after a token rotation")};
                deliver(user, subjects[0]);
                awaitOutput(app, "RECEIVED " + subjects[0], 1);

                imap.cut();
                deliver(user, subjects[1]);
                awaitOutput(app, "RECEIVED " + subjects[1], 1);

                // the first access token lives 60 s: let it expire, so that the next connection needs a refreshed one
                Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(65) - (System.nanoTime() - firstLogin) / 1_000_000));
                int refreshesBefore = keycloak.requests();
                imap.cut();
                deliver(user, subjects[2]);
                String out = awaitOutput(app, "RECEIVED " + subjects[2], 1);

                assertThat(keycloak.requests()).as("a refresh at Keycloak after the first token expired\n%s", out).isGreaterThan(refreshesBefore);
                assertThat(out.split(Pattern.quote(loggedIn), -1).length - 1)
                        .as("every connection logged in by our SASL client, which knew the server's port\n%s", out).isGreaterThanOrEqualTo(imap.connections());
                assertThat(imap.connections()).as(out).isGreaterThanOrEqualTo(3);
                // Spring Integration WARNs of each dropped connection itself; mail-oauth2 has nothing to warn of
                assertThat(ourWarnings(out)).as(out).isEmpty();
                assertThat(out).as(out).doesNotContain("Exception in thread");
            } finally {
                app.process().destroy();
                app.process().waitFor(30, TimeUnit.SECONDS);
                app.process().destroyForcibly();
            }
        }
    }

    /** Delivers a message to {@code user} through the lab's Postfix (its relay port takes mail without a login). */
    private static void deliver(String user, String subject) throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", Lab.HOST);
        props.setProperty("mail.smtp.port", "10025");
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(user);
        message.setRecipients(Message.RecipientType.TO, user);
        message.setSubject(subject);
        message.setText("delivered by " + FrameworkMatrixIT.class.getName());
        Transport.send(message);
    }

    /** Waits until a running application has printed {@code text} {@code times} times; returns its output so far. */
    static String awaitOutput(AppRun.Started app, String text, int times) throws Exception {
        Path out = Path.of(app.output() + ".out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            String printed = Files.readString(out);
            if (printed.split(Pattern.quote(text), -1).length - 1 >= times) {
                return printed;
            }
            if (!app.process().isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the application " + (app.process().isAlive() ? "never printed " : "ended before printing ")
                        + text + ":\n" + printed + Files.readString(Path.of(app.output() + ".err")));
            }
            Thread.sleep(200);
        }
    }
}
