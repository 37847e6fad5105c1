package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.it.CompatibilityMatrixIT.Route;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every login of every connection goes through mail-oauth2's adapter, on each JavaMail it serves, in an unmodified
 * application's own JVM against the lab: the pooled connections a second open folder makes and a reconnected
 * store's, and JavaMail's own XOAUTH2 key ({@code mail.<protocol>.auth.mechanisms=XOAUTH2}, what most guides and
 * Simple Java Mail's {@code SMTP_OAUTH2} set) with a token source configured.
 */
class EveryLoginIT {
    /**
     * The JavaMail implementations our adapters serve, with the library and the adapter jar; Angus Mail 2 (the issue's
     * case) and jakarta.mail 1.6 with the drop-in jar first too, whose shrunk classes must keep every override.
     */
    static List<Arguments> served() {
        List<Arguments> cells = new ArrayList<>();
        Arrays.stream(JavaMail.values()).filter(javaMail -> javaMail.adapters != JavaMail.Adapters.NONE)
                .forEach(javaMail -> cells.add(Arguments.of(javaMail, Route.LIBRARY)));
        cells.add(Arguments.of(JavaMail.ANGUS_2, Route.PLUGIN_FIRST));
        cells.add(Arguments.of(JavaMail.JAKARTA_MAIL_1_6, Route.PLUGIN_FIRST));
        return cells;
    }

    /**
     * Two folders open at once and a reconnect, over STARTTLS that is enabled but not required, with
     * {@code allow-plaintext=false}: only a login that knows its connection went TLS may send the token. Each login
     * sends OAUTHBEARER's {@code port=} of the real server, none logs a class-path WARNING; a token rejected on a
     * pooled connection reaches the application decoded.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("served")
    void pooledConnectionsAndReconnectsLogInThroughTheAdapter(JavaMail javaMail, Route route) throws Exception {
        String user = Lab.newUser();
        AppRun.Result r = route.app(javaMail).imap("imap", Lab.IMAP, "OAUTHBEARER").set("app.imap.host", Lab.TLS_HOST)
                .set("mail.imap.starttls.enable", "true").set("mail.oauth2.allow-plaintext", "false")
                .user(user, Lab.mockToken(user)).run("steps", "pooled", "pooled-rejected");

        assertThat(r.out()).as(r::toString)
                .contains("pooled OK " + javaMail.adapters.packagePrefix + "OAuth2ImapStore folders opened=4\n");
        String sent = "OAUTHBEARER: sent " + user + "'s access token to imap server " + Lab.TLS_HOST + ":" + Lab.IMAP + " ";
        // pooled: two rounds of a store login and a pooled one; pooled-rejected: the store's login, the rejected one
        assertThat(r.err().lines().filter(line -> line.contains(sent)).count()).as(r::toString).isEqualTo(6);
        assertThat(r.err()).as(r::toString).doesNotContain("token to imap server " + Lab.TLS_HOST + ":143 ")
                .doesNotContain("WARNING:");
        assertThat(r.out().lines().filter(line -> line.startsWith("pooled-rejected ")).findFirst().orElse("")).as(r::toString)
                .startsWith("pooled-rejected FAILED " + javaMail.api.authenticationFailed() + ": ")
                .contains("[OAUTHBEARER: the server rejected the access token");
    }

    /**
     * POP3 makes a connection for every folder open after the store's first: a folder closed and opened again, and a
     * second store, over STARTTLS that is enabled but not required, with {@code allow-plaintext=false}: each of those
     * logins goes TLS before the token, through the adapter. (A token rejected on a re-open: CachedTokenRetryTest.)
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JavaMail.class, names = {"ANGUS_2", "ANGUS_1", "JAKARTA_MAIL_1_6"})
    void pop3ReopensLogInThroughTheAdapter(JavaMail javaMail) throws Exception {
        String user = Lab.newUser();
        AppRun.Result r = new AppRun(javaMail).pop3("pop3", Lab.POP3).set("app.pop3.host", Lab.TLS_HOST)
                .set("mail.pop3.starttls.enable", "true").set("mail.oauth2.allow-plaintext", "false")
                .user(user, Lab.mockToken(user)).run("steps", "pop3-reopen");

        assertThat(r.out()).as(r::toString)
                .contains("pop3-reopen OK " + javaMail.adapters.packagePrefix + "OAuth2Pop3Store opened=4\n");
        assertThat(r.err()).as(r::toString).doesNotContain("WARNING:");
    }

    /**
     * The library without the adapter jar its JavaMail needs (Spring Boot 2.7 with {@code mail-oauth2} but not
     * {@code mail-oauth2-javax}; Spring Boot 3.1 without {@code mail-oauth2-sun-jakarta}): one WARNING names the jar.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JavaMail.class, names = {"ANGUS_1", "JAKARTA_MAIL_1_6"})
    void aMissingAdapterJarIsNamed(JavaMail javaMail) throws Exception {
        String user = Lab.newUser();
        List<String> withoutAdapters = new java.util.ArrayList<>(List.of(System.getProperty("provider.classpath")
                .split(java.io.File.pathSeparator)));
        withoutAdapters.addAll(javaMail.jars());
        AppRun.Result r = new AppRun(javaMail).classPathOverride(withoutAdapters).imap("imap", Lab.IMAP, "XOAUTH2")
                .user(user, Lab.mockToken(user)).run("steps", "imap", "imap");

        String artifact = javaMail == JavaMail.ANGUS_1 ? "mail-oauth2-sun-jakarta" : "mail-oauth2-javax";
        assertThat(r.err().lines().filter(line -> line.startsWith("WARNING: ")).toList()).as(r::toString)
                .containsExactly("WARNING: mail-oauth2: this application's JavaMail is " + (javaMail == JavaMail.ANGUS_1
                        ? "Angus Mail 1 or Jakarta Mail 2.0 (com.sun.mail classes under the jakarta.mail API, as Spring Boot 3.0"
                        + " and 3.1 ship it)" : "javax.mail 1.6 or jakarta.mail 1.6 (the javax.mail API, as Spring Boot 2 ships it)")
                        + ", whose adapters are in " + artifact + " (io.github.mailoauth2:" + artifact + "), which is not on"
                        + " the class path: add it next to mail-oauth2, or use the drop-in jar mail-oauth2-plugin. Until then"
                        + " mail-oauth2 takes no part in this JavaMail's logins (see docs/troubleshooting.md, \"failed to connect\")");
    }

    /**
     * A token source configured, but none of JavaMail's keys that ask for a bearer-token login (the usual slip: given
     * as {@code -D} to a framework that builds its session from its own properties): the failure says so, on IMAP and
     * SMTP, instead of a bare "failed to connect".
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JavaMail.class, names = {"ANGUS_2", "JAVAX_MAIL_1_6"})
    void aTokenSourceWithoutAMechanismKeyIsNamed(JavaMail javaMail) throws Exception {
        String user = Lab.newUser();
        AppRun.Result r = new AppRun(javaMail).user(user, "dummy")
                .set("app.imap.protocol", "imap").set("app.imap.host", Lab.HOST).set("app.imap.port", String.valueOf(Lab.IMAP))
                .set("app.smtp.protocol", "smtp").set("app.smtp.host", Lab.HOST)
                .set("app.smtp.port", String.valueOf(Lab.SUBMISSION)).set("mail.smtp.auth", "true")
                .set("mail.oauth2.source", "client-credentials")
                .set("mail.oauth2.token-url", Lab.MOCK_TOKEN_URL)
                .set("mail.oauth2.client-id", user)
                .set("mail.oauth2.client-secret", "app-secret")
                .run("steps", "imap", "send:never");

        for (String protocol : List.of("imap", "smtp")) {
            String step = protocol.equals("imap") ? "imap" : "send";
            assertThat(r.out().lines().filter(line -> line.startsWith(step + " ")).findFirst().orElse("")).as(r::toString)
                    .startsWith(step + " FAILED " + javaMail.api.authenticationFailed() + ": ")
                    .endsWith(" [mail-oauth2: a token source is configured, but this session asks JavaMail for no XOAUTH2"
                            + " or OAUTHBEARER login on " + protocol + ", so no token was sent: set mail." + protocol
                            + ".sasl.enable=true and mail." + protocol + ".sasl.mechanisms=XOAUTH2 in the session's properties"
                            + " (with Spring or Simple Java Mail, in its mail properties: -D does not reach them)]");
        }
    }

    /**
     * JavaMail's own XOAUTH2 key without {@code sasl.enable}, on IMAP, SMTP and POP3: the token comes from the
     * configured source, not from the connect password ("dummy").
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JavaMail.class, names = {"ANGUS_2", "ANGUS_1", "JAKARTA_MAIL_1_6"})
    void theOwnXoauth2KeyTakesTheSourcesToken(JavaMail javaMail) throws Exception {
        String user = Lab.newUser();
        String subject = "auth.mechanisms " + UUID.randomUUID();
        AppRun.Result r = new AppRun(javaMail).user(user, "dummy")
                .set("app.imap.protocol", "imap").set("app.imap.host", Lab.HOST).set("app.imap.port", String.valueOf(Lab.IMAP))
                .set("mail.imap.auth.mechanisms", "XOAUTH2")
                .set("app.smtp.protocol", "smtp").set("app.smtp.host", Lab.HOST)
                .set("app.smtp.port", String.valueOf(Lab.SUBMISSION))
                .set("mail.smtp.auth", "true").set("mail.smtp.auth.mechanisms", "XOAUTH2")
                .pop3("pop3", Lab.POP3)
                .set("mail.oauth2.source", "client-credentials")
                .set("mail.oauth2.token-url", Lab.MOCK_TOKEN_URL)
                .set("mail.oauth2.client-id", user)
                .set("mail.oauth2.client-secret", "app-secret")
                .set("mail.oauth2.scope", "mail")
                .run("steps", "imap", "send:" + subject, "await:" + subject, "pop3");

        assertThat(r.exitCode()).as(r::toString).isZero();
        for (String protocol : List.of("imap", "smtp")) {
            assertThat(r.err()).as(r::toString).contains("XOAUTH2: sent " + user + "'s access token to " + protocol + " server ");
        }
    }
}
