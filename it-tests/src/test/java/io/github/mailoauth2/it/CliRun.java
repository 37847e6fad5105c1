package io.github.mailoauth2.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the command line in its own JVM, as a user would ({@code java ... io.github.mailoauth2.cli.Main}),
 * with the library, Angus Mail and picocli on its class path. Output of commands that print tokens
 * because the user asked (authorize, refresh, string, --show-secrets) stays in memory; everything
 * else is kept under target/it-output for {@link LeakScanIT}.
 */
final class CliRun implements AutoCloseable {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final Thread outReader;
    private final Thread errReader;
    private final boolean printsSecrets;

    private CliRun(Map<String, String> environment, List<String> args, boolean printsSecrets) throws IOException {
        this.printsSecrets = printsSecrets;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djavax.net.ssl.trustStore=" + Lab.truststore(), "-Djavax.net.ssl.trustStorePassword=changeit",
                "-cp", classPath(), "io.github.mailoauth2.cli.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("BROWSER");
        builder.environment().remove("DISPLAY");
        builder.environment().putAll(environment);
        process = builder.start();
        outReader = pump(process.getInputStream(), out);
        errReader = pump(process.getErrorStream(), err);
    }

    /** Starts the command; the test talks to it and waits. */
    static CliRun start(boolean printsSecrets, String... args) throws IOException {
        return start(Map.of(), printsSecrets, args);
    }

    /** Starts the command with {@code environment} added to this one's. */
    static CliRun start(Map<String, String> environment, boolean printsSecrets, String... args) throws IOException {
        return new CliRun(environment, List.of(args), printsSecrets);
    }

    /** Runs a command to its end. */
    static CliRun run(boolean printsSecrets, String... args) throws IOException, InterruptedException {
        return run(Map.of(), printsSecrets, args);
    }

    /** Runs a command to its end with {@code environment} added to this one's. */
    static CliRun run(Map<String, String> environment, boolean printsSecrets, String... args) throws IOException, InterruptedException {
        CliRun run = start(environment, printsSecrets, args);
        run.process.getOutputStream().close();
        run.await(Duration.ofSeconds(90));
        return run;
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Waits until stderr matches {@code pattern}; returns the first group. */
    String awaitErr(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(err);
            if (m.find()) {
                return m.groupCount() > 0 ? m.group(1) : m.group();
            }
            if (!process.isAlive() && !errReader.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the command never printed " + pattern + ":\n" + this);
    }

    CliRun await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the command did not finish in " + timeout.toSeconds() + " s:\n" + this);
        }
        outReader.join(5_000);
        errReader.join(5_000);
        if (!printsSecrets) {
            try {
                Path dir = Files.createDirectories(Path.of(System.getProperty("it.output", "target/it-output")));
                Files.writeString(dir.resolve("cli-" + RUNS.incrementAndGet() + ".log"), out + "\n--- stderr\n" + err);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return this;
    }

    int exitCode() {
        return process.exitValue();
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** The value of an oauth2.py-style line such as {@code Access Token: ...}, remembered as a secret. */
    String secretLine(String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + ": (\\S+)$").matcher(out);
        if (!m.find()) {
            throw new AssertionError("no \"" + label + ":\" line in:\n" + this);
        }
        return Secrets.remember(m.group(1));
    }

    private static Thread pump(InputStream in, StringBuffer into) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The command line's own jar, as installed: everything it needs is inside. */
    private static String classPath() {
        return System.getProperty("jar.cli");
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "exit " + (process.isAlive() ? "(running)" : process.exitValue()) + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
