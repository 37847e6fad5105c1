package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable {@code mail-oauth2-cli-<version>.jar} and its launcher script: it starts with
 * {@code java -jar} alone, and the Angus Mail inside it works (its providers found through the merged
 * {@code META-INF/services/jakarta.mail.Provider}, ours first; its mailcap and data handlers for sending).
 */
class CliJarIT {
    @TempDir
    Path dir;

    static String cliJar() {
        return System.getProperty("jar.cli");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        Run r = run(java("-jar", cliJar(), "--help"));

        assertThat(r.exitCode).as(r::toString).isZero();
        assertThat(r.out).as(r::toString).startsWith("Usage: mail-oauth2 ");
    }

    @Test
    void versionIsTheBuildsVersion() throws Exception {
        Run r = run(java("-jar", cliJar(), "--version"));

        assertThat(r.exitCode).as(r::toString).isZero();
        assertThat(r.out.strip()).isEqualTo("mail-oauth2 " + System.getProperty("mail-oauth2.version"));
    }

    @Test
    void aUsageErrorExitsTwo() throws Exception {
        Run r = run(java("-jar", cliJar(), "--no-such-option"));

        assertThat(r.exitCode).as(r::toString).isEqualTo(2);
        assertThat(r.err).as(r::toString).contains("--no-such-option").contains("Usage: mail-oauth2 ");
    }

    /** The script finds the jar next to itself, also when it is called through a symbolic link from elsewhere. */
    @Test
    void theLauncherScriptRunsTheJarNextToIt() throws Exception {
        Path install = Files.createDirectories(dir.resolve("opt/mail-oauth2"));
        Path script = Files.copy(Path.of(System.getProperty("launcher.script")), install.resolve("mail-oauth2"));
        Files.copy(Path.of(cliJar()), install.resolve("mail-oauth2-cli.jar"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("mail-oauth2"), script);

        for (Path launcher : List.of(script, bin.resolve("mail-oauth2"))) {
            Run r = run(List.of("/bin/sh", launcher.toString(), "--version"));

            assertThat(r.exitCode).as(r::toString).isZero();
            assertThat(r.out.strip()).isEqualTo("mail-oauth2 " + System.getProperty("mail-oauth2.version"));
        }
        Run usage = run(List.of("/bin/sh", script.toString(), "--no-such-option"));
        assertThat(usage.exitCode).as(usage::toString).isEqualTo(2);
    }

    /** An application with only the cli jar on its class path sends over SMTP and reads the message back over IMAP. */
    @Test
    void theAngusMailInsideSendsAndReads() throws Exception {
        String user = Lab.newUser();
        String token = Lab.mockToken(user);
        String subject = "cli jar " + UUID.randomUUID();

        AppRun.Result sent = new AppRun(MailApi.JAKARTA).classPathOverride(List.of(cliJar()))
                .smtp("smtp", Lab.SUBMISSION, "XOAUTH2").user(user, token).run("send", subject);
        assertThat(sent.exitCode()).as(sent::toString).isZero();
        assertThat(sent.out()).startsWith("SENT io.github.mailoauth2.internal.angus.OAuth2SmtpTransport");
        assertThat(sent.ourClientLoggedIn()).as(sent::toString).isTrue();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        AppRun.Result read;
        do {
            read = new AppRun(MailApi.JAKARTA).classPathOverride(List.of(cliJar()))
                    .imap("imap", Lab.IMAP, "XOAUTH2").user(user, token).run("imap", subject);
            assertThat(read.exitCode()).as(read::toString).isZero();
            assertThat(read.out()).contains("IMAP OK io.github.mailoauth2.internal.angus.OAuth2ImapStore");
        } while (!read.out().contains("FOUND " + subject) && System.nanoTime() < deadline && sleep());
        assertThat(read.out()).as(read::toString).contains("FOUND " + subject);
    }

    @Test
    void theJarHasAngusMailAndNoJavaxMail() throws IOException {
        List<String> names = new ArrayList<>();
        String providers;
        try (JarFile jar = new JarFile(cliJar())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.github.mailoauth2.cli.Main");
            for (JarEntry entry : Collections.list(jar.entries())) {
                names.add(entry.getName());
            }
            providers = new String(jar.getInputStream(jar.getEntry("META-INF/services/jakarta.mail.Provider")).readAllBytes(),
                    StandardCharsets.UTF_8);
        }
        // ours first: jakarta.mail takes the first provider it finds for a protocol
        assertThat(providers.indexOf("io.github.mailoauth2.internal.angus.MailOAuth2Provider$Imap")).isNotNegative()
                .isLessThan(providers.indexOf("org.eclipse.angus.mail.imap.IMAPProvider"));
        assertThat(names).contains("META-INF/javamail.default.providers", "META-INF/mailcap",
                        "META-INF/services/jakarta.mail.util.StreamProvider",
                        "META-INF/services/jakarta.activation.spi.MailcapRegistryProvider",
                        "org/eclipse/angus/mail/imap/IMAPStore.class", "jakarta/mail/Session.class",
                        "picocli/CommandLine.class", "io/github/mailoauth2/cli/Main.class",
                        "io/github/mailoauth2/shaded/gson/Gson.class")
                .noneMatch(name -> name.startsWith("javax/mail/") || name.startsWith("com/sun/mail/")
                        || name.startsWith("javax/activation/") || name.startsWith("com/google/")
                        || name.endsWith("module-info.class"));
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(500);
        return true;
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(args));
        return command;
    }

    private Run run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "cli-", ".out");
        Path err = Files.createTempFile(dir, "cli-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish in 60 s: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
