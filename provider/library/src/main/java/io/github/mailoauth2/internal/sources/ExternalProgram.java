package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.internal.ServerText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A configured program whose standard output is a secret (a token, a client assertion): run under
 * {@code /bin/sh -c} (Windows: {@code cmd /c}) so that {@code $VARIABLES}, pipes and quotes work as
 * typed, with standard input closed, both outputs drained (a chatty program never blocks) and capped,
 * and a timeout at which the program and every process it started are killed ({@link ProgramTree}).
 * It gets this process's environment without our own {@code MAIL_OAUTH2_*} variables, which hold
 * our secrets (client secret, store password and key): a program needs none of them. Every failure
 * is an {@link IOException} that names the program's configuration key and never shows its
 * standard output: only the last line of its standard error, cleaned.
 */
final class ExternalProgram {
    /** A token or a JWT is a few KB; more is not one. */
    static final int MAX_OUTPUT = 64 * 1024;
    /** What a POSIX shell, and cmd.exe, exit with when the program does not exist. */
    private static final int SHELL_NOT_FOUND = 127;
    private static final int SHELL_NOT_EXECUTABLE = 126;
    private static final int CMD_NOT_FOUND = 9009;
    /** The prefix of every variable that configures us ({@code MAIL_OAUTH2_CLIENT_SECRET}, {@code MAIL_OAUTH2_STORE_KEY}, …). */
    private static final String OWN_VARIABLES = "MAIL_OAUTH2_";
    private static final long OUTPUT_GRACE_MILLIS = 500;

    private final String command;
    private final Duration timeout;
    private final String what;
    private final String key;

    /**
     * @param what the program in messages, e.g. "the token command"
     * @param key the key that configures it, e.g. {@code command}
     */
    ExternalProgram(String command, Duration timeout, String what, String key) {
        this.command = command;
        this.timeout = timeout;
        this.what = what;
        this.key = key;
    }

    /**
     * Runs the program to its end and returns its standard output, stripped.
     *
     * @param environment variables added to the environment it gets
     * @param expected what it must print, for the message when it prints nothing, e.g. "the access token"
     */
    String run(Map<String, String> environment, String expected) throws IOException {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        ProcessBuilder builder = new ProcessBuilder(windows ? List.of("cmd", "/c", command) : List.of("/bin/sh", "-c", command))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        environment(builder.environment(), environment);
        Instant deadline = Instant.now().plus(timeout);
        ProgramTree tree;
        try {
            tree = ProgramTree.start(builder);
        } catch (IOException e) {
            throw new IOException("cannot start " + what + " (mail.oauth2." + key + "): " + (windows ? "cmd" : "/bin/sh")
                    + " is not available (" + e.getClass().getSimpleName() + ")", e);
        }
        Process process = tree.process();
        byte[] bytes;
        byte[] errors;
        try {
            process.getOutputStream().close();
            Future<byte[]> out = drain(process.getInputStream(), "stdout");
            Future<byte[]> err = drain(process.getErrorStream(), "stderr");
            if (!process.waitFor(millisUntil(deadline), TimeUnit.MILLISECONDS)) {
                tree.kill();
                throw new IOException(what + " did not finish within " + timeout.toSeconds()
                        + " s (mail.oauth2." + key + "; raise mail.oauth2.timeout if it needs longer)");
            }
            // a child left in the background would keep the output open: how long would depend on a race in the JDK
            tree.killLeftovers();
            try {
                // the last bytes of a program that ends just in time still need a moment to be read
                bytes = out.get(Math.max(millisUntil(deadline), OUTPUT_GRACE_MILLIS), TimeUnit.MILLISECONDS);
                errors = err.get(Math.max(millisUntil(deadline), OUTPUT_GRACE_MILLIS), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                tree.kill();
                throw new IOException(what + " (mail.oauth2." + key + ") exited, but a program it started and detached"
                        + " kept its output open past the timeout of " + timeout.toSeconds()
                        + " s; start background programs with their output redirected (> /dev/null 2>&1)");
            } catch (ExecutionException e) {
                throw new IOException("reading the output of " + what + " failed", e.getCause());
            }
        } catch (InterruptedException e) {
            tree.kill();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        }
        int status = process.exitValue();
        if (status != 0) {
            // stderr is another program's text: cleaned before it enters a message, and only its last line,
            // which is where programs and shells put the error
            String lastLine = new String(errors, StandardCharsets.UTF_8).strip().lines()
                    .reduce((first, second) -> second).orElse("").strip();
            String detail = lastLine.isEmpty() ? "" : ": " + ServerText.clean(lastLine, List.of());
            if (status == SHELL_NOT_FOUND || windows && status == CMD_NOT_FOUND) {
                throw new IOException(what + " was not found (mail.oauth2." + key + "; is the program installed and on the PATH?)"
                        + detail);
            }
            if (status == SHELL_NOT_EXECUTABLE && !windows) {
                throw new IOException(what + " is not executable (mail.oauth2." + key + ")" + detail);
            }
            throw new IOException(what + " exited with status " + status + detail);
        }
        if (bytes.length > MAX_OUTPUT) {
            throw new IOException(what + " printed more than " + MAX_OUTPUT / 1024 + " KB; it must print " + expected);
        }
        String stdout = new String(bytes, StandardCharsets.UTF_8).strip();
        if (stdout.isEmpty()) {
            throw new IOException(what + " printed nothing; it must print " + expected);
        }
        return stdout;
    }

    /**
     * Makes {@code inherited} (this process's environment) the program's: without our own variables,
     * with {@code added}. Our configuration, secrets included (client secret, store password and
     * key), is not the program's business.
     */
    static void environment(Map<String, String> inherited, Map<String, String> added) {
        inherited.keySet().removeIf(name -> name.toUpperCase(Locale.ROOT).startsWith(OWN_VARIABLES));
        inherited.putAll(added);
    }

    private static long millisUntil(Instant deadline) {
        return Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    }

    /**
     * Reads {@code in} on a thread of its own: a daemon, so that a stream a runaway process keeps open
     * never holds the JVM's exit, and not a shared pool's, which blocked readers would starve.
     */
    private static Future<byte[]> drain(InputStream in, String name) {
        FutureTask<byte[]> reading = new FutureTask<>(() -> readBounded(in));
        Thread reader = new Thread(reading, "mail-oauth2 program " + name);
        reader.setDaemon(true);
        reader.start();
        return reading;
    }

    /** Up to one byte more than {@link #MAX_OUTPUT}, so that too much shows; the rest is drained and dropped. */
    private static byte[] readBounded(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT + 1);
            in.transferTo(OutputStream.nullOutputStream());
            return bytes;
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
