package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.internal.ServerText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A configured program whose standard output is a secret (a token, a client assertion): run under
 * {@code /bin/sh -c} (Windows: {@code cmd /c}) so that {@code $VARIABLES}, pipes and quotes work as
 * typed, with standard input closed, both outputs drained (a chatty program never blocks) and capped,
 * and a timeout. Every failure is an {@link IOException} that names the program's configuration key
 * and never shows its standard output: only the last line of its standard error, cleaned.
 */
final class ExternalProgram {
    /** A token or a JWT is a few KB; more is not one. */
    static final int MAX_OUTPUT = 64 * 1024;
    /** What a POSIX shell, and cmd.exe, exit with when the program does not exist. */
    private static final int SHELL_NOT_FOUND = 127;
    private static final int SHELL_NOT_EXECUTABLE = 126;
    private static final int CMD_NOT_FOUND = 9009;

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
     * @param environment variables added to this process's
     * @param expected what it must print, for the message when it prints nothing, e.g. "the access token"
     */
    String run(Map<String, String> environment, String expected) throws IOException {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        ProcessBuilder builder = new ProcessBuilder(windows ? List.of("cmd", "/c", command) : List.of("/bin/sh", "-c", command))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start " + what + " (mail.oauth2." + key + "): " + (windows ? "cmd" : "/bin/sh")
                    + " is not available (" + e.getClass().getSimpleName() + ")", e);
        }
        process.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readBounded(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readBounded(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(what + " did not finish within " + timeout.toSeconds()
                        + " s (mail.oauth2." + key + "; raise mail.oauth2.timeout if it needs longer)");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        }
        int status = process.exitValue();
        if (status != 0) {
            // stderr is another program's text: cleaned before it enters a message, and only its last line,
            // which is where programs and shells put the error
            String lastLine = new String(err.join(), StandardCharsets.UTF_8).strip().lines()
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
        byte[] bytes = out.join();
        if (bytes.length > MAX_OUTPUT) {
            throw new IOException(what + " printed more than " + MAX_OUTPUT / 1024 + " KB; it must print " + expected);
        }
        String stdout = new String(bytes, StandardCharsets.UTF_8).strip();
        if (stdout.isEmpty()) {
            throw new IOException(what + " printed nothing; it must print " + expected);
        }
        return stdout;
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
