package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archives as a user gets them (-Ddist.tar, -Ddist.zip: built by this module's
 * package phase): unpacked, their launcher runs the command line with JAVA_HOME and JAVA_OPTS,
 * through a symbolic link too, and its shell completion loads. No servers.
 */
class DistributionIT {
    private static final String VERSION = System.getProperty("dist.version");

    @TempDir
    Path dir;

    private Path home;

    @BeforeEach
    void unpack() throws Exception {
        Run tar = run(List.of("tar", "-xzf", System.getProperty("dist.tar"), "-C", dir.toString()), Map.of());
        assertThat(tar.exitStatus()).as(tar::toString).isZero();
        home = dir.resolve("mail-oauth2-" + VERSION);
    }

    private Run mailOAuth2(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/mail-oauth2").toString()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    @Test
    void helpAndVersionRunFromTheUnpackedArchive() throws Exception {
        Run help = mailOAuth2(Map.of(), "--help");
        assertThat(help.exitStatus()).as(help::toString).isZero();
        assertThat(help.out()).startsWith("Usage: mail-oauth2 ").contains("token", "authorize");

        Run version = mailOAuth2(Map.of(), "--version");
        assertThat(version.exitStatus()).as(version::toString).isZero();
        assertThat(version.out()).isEqualTo("mail-oauth2 " + VERSION + "\n");
        assertThat(version.err()).isEmpty();

        Run usage = mailOAuth2(Map.of(), "authorize", "--port", "99999");
        assertThat(usage.exitStatus()).as(usage::toString).isEqualTo(2);
    }

    @Test
    void theArchiveHoldsTheLaunchersTheJarAndTheCompletion() throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> home.relativize(p).toString()))
                    .containsExactlyInAnyOrder("bin/mail-oauth2", "bin/mail-oauth2.cmd",
                            "lib/mail-oauth2-cli-" + VERSION + ".jar", "completion/mail-oauth2",
                            "LICENSE", "NOTICE", "THIRD-PARTY.txt");
        }
        assertThat(Files.isExecutable(home.resolve("bin/mail-oauth2"))).isTrue();
        assertThat(Files.readString(home.resolve("bin/mail-oauth2"))).doesNotContain("\r");
        assertThat(Files.readString(home.resolve("bin/mail-oauth2.cmd"))).contains("\r\n").doesNotContain("\n\n");
        TreeSet<String> zipped = new TreeSet<>();
        try (ZipFile zip = new ZipFile(System.getProperty("dist.zip"))) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (!entry.isDirectory()) {
                    zipped.add(entry.getName());
                    try (InputStream in = zip.getInputStream(entry)) {
                        assertThat(in.readAllBytes()).as(entry.getName())
                                .isEqualTo(Files.readAllBytes(dir.resolve(entry.getName())));
                    }
                }
            }
        }
        assertThat(zipped).hasSize(7);
    }

    /** The legal texts beside the launcher are the ones in the jar (it-tests' LegalTextsIT checks the jar's). */
    @Test
    void theArchiveCarriesTheLegalTextsOfTheJar() throws IOException {
        try (ZipFile jar = new ZipFile(home.resolve("lib/mail-oauth2-cli-" + VERSION + ".jar").toFile())) {
            for (String name : List.of("LICENSE", "NOTICE", "THIRD-PARTY.txt")) {
                ZipEntry entry = jar.getEntry("META-INF/" + name);
                assertThat(entry).as("META-INF/%s in the jar", name).isNotNull();
                try (InputStream in = jar.getInputStream(entry)) {
                    assertThat(Files.readAllBytes(home.resolve(name))).as(name).isEqualTo(in.readAllBytes());
                }
            }
        }
        assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
        assertThat(Files.readString(home.resolve("THIRD-PARTY.txt"))).contains("info.picocli:picocli:");
    }

    @Test
    void theLauncherWorksThroughASymbolicLinkFromAnotherDirectory() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("usr/local/bin"));
        Files.createSymbolicLink(bin.resolve("mail-oauth2"), home.resolve("bin/mail-oauth2"));

        Run version = run(List.of(bin.resolve("mail-oauth2").toString(), "--version"), Map.of());

        assertThat(version.exitStatus()).as(version::toString).isZero();
        assertThat(version.out()).isEqualTo("mail-oauth2 " + VERSION + "\n");
    }

    @Test
    void javaHomeAndJavaOptsAreHonoured() throws Exception {
        // a JAVA_HOME whose java leaves a mark, then runs the real one
        Path fakeHome = Files.createDirectories(dir.resolve("jdk/bin"));
        Path mark = dir.resolve("java-ran");
        Path java = fakeHome.resolve("java");
        Files.writeString(java, "#!/bin/sh\ntouch '" + mark + "'\nexec '" + realJava() + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Run version = mailOAuth2(Map.of("JAVA_HOME", fakeHome.getParent().toString()), "--version");
        assertThat(version.exitStatus()).as(version::toString).isZero();
        assertThat(mark).exists();

        Run refused = mailOAuth2(Map.of("JAVA_OPTS", "-Dmail.debug=false -XX:+NoSuchOptionOfDistributionIT"), "--version");
        assertThat(refused.exitStatus()).as(refused::toString).isNotZero();
        assertThat(refused.err()).contains("NoSuchOptionOfDistributionIT");
    }

    @Test
    void theCompletionLoadsInBash() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash here");

        Run bash = run(List.of("/bin/bash", "-c", "source '" + home.resolve("completion/mail-oauth2") + "' && complete -p mail-oauth2"),
                Map.of());

        assertThat(bash.exitStatus()).as(bash::toString).isZero();
        assertThat(bash.out()).contains("mail-oauth2");
        assertThat(Files.readString(home.resolve("completion/mail-oauth2"))).contains("token", "authorize", "--no-browser");
    }

    /** The first run makes the class-data archive in the background; the runs after it load the classes from it. */
    @Test
    void theLauncherMakesAndUsesAClassDataArchive() throws Exception {
        assumeTrue(Files.isReadable(Path.of(System.getProperty("java.home"), "release")), "this Java has no release file");
        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("MAIL_OAUTH2_CDS", "on", "XDG_CACHE_HOME", cache.toString());

        Run first = mailOAuth2(env, "--version");
        assertThat(first.exitStatus()).as(first::toString).isZero();
        Path archive = awaitArchive(cache.resolve("mail-oauth2"));

        Path loaded = dir.resolve("class-load.log");
        Run second = mailOAuth2(Map.of("MAIL_OAUTH2_CDS", "on", "XDG_CACHE_HOME", cache.toString(),
                "JAVA_OPTS", "-Xlog:class+load:file=" + loaded), "string", "--user", "u@example.com", "--access-token", "t", "--quiet");
        assertThat(second.exitStatus()).as(second::toString).isZero();
        assertThat(Files.readAllLines(loaded)).as("classes of the second run, archive " + archive)
                .anyMatch(line -> line.contains("io.github.mailoauth2.cli.Main source: shared objects file"));
    }

    /** The archive is renamed into place when complete; the training run takes seconds. */
    private static Path awaitArchive(Path cache) throws Exception {
        Instant giveUp = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(giveUp)) {
            if (Files.isDirectory(cache)) {
                try (Stream<Path> files = Files.list(cache)) {
                    List<Path> done = files.filter(p -> p.getFileName().toString().matches(".*\\.(jsa|aot)")).toList();
                    if (!done.isEmpty()) {
                        return done.get(0);
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no archive in " + cache + " after 180 s");
    }

    private static String realJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "run-", ".out");
        Path err = Files.createTempFile(dir, "run-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("MAIL_OAUTH2_CDS", "off");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish in 120 s: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
