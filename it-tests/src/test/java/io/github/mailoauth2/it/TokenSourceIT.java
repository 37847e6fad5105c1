package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
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
                .extraJar(pluginJar())
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

    /** Compiles src/plugin and jars it with its service entry, as a third party would ship it. */
    private Path pluginJar() throws IOException {
        Path plugin = Path.of(System.getProperty("plugin.sources", "src/plugin"));
        Path classes = Files.createDirectories(dir.resolve("plugin-classes"));
        List<String> sources;
        try (Stream<Path> walk = Files.walk(plugin.resolve("java"))) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-cp", AppRun.providerJar()));
        args.addAll(sources);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        assertThat(status).as("compiling the plugin").isZero();
        Path jar = dir.resolve("file-token-source.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            add(out, classes, classes);
            add(out, plugin.resolve("resources"), plugin.resolve("resources"));
        }
        return jar;
    }

    private static void add(JarOutputStream jar, Path root, Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
    }
}
