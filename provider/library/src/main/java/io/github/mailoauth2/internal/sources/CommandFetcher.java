package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.internal.ServerText;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program that prints a token, such as a token daemon's client ({@code pizauth show work},
 * {@code oama access alice@example.com}). It runs under {@code /bin/sh -c} (Windows: {@code cmd /c})
 * with {@code MAIL_OAUTH2_USER}, {@code MAIL_OAUTH2_PROTOCOL} and {@code MAIL_OAUTH2_HOST} set. It may
 * print the token alone on its first line, or a JSON token response with {@code access_token} and
 * {@code expires_in} (then the token is reused until it is due for refresh).
 */
final class CommandFetcher implements CachingTokenSource.Fetcher {
    private static final int MAX_OUTPUT = 64 * 1024;

    private final String command;
    private final Duration timeout;
    private final Clock clock;

    CommandFetcher(String command, Duration timeout, Clock clock) {
        this.command = command;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public AccessToken fetch(String account, TokenRequest request) throws IOException {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        ProcessBuilder builder = new ProcessBuilder(windows ? List.of("cmd", "/c", command) : List.of("/bin/sh", "-c", command))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("MAIL_OAUTH2_USER", account);
        builder.environment().put("MAIL_OAUTH2_PROTOCOL", request.protocol());
        builder.environment().put("MAIL_OAUTH2_HOST", request.host());
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readBounded(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readBounded(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("the token command did not finish within " + timeout.toSeconds()
                        + " s (mail.oauth2.command; raise mail.oauth2.timeout if it needs longer)");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the token command", e);
        }
        String stdout = new String(out.join(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            // stderr is another program's text: cleaned before it enters a message, and only its first line
            String firstLine = new String(err.join(), StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
            throw new IOException("the token command exited with status " + process.exitValue()
                    + (firstLine.isEmpty() ? "" : ": " + ServerText.clean(firstLine, List.of())));
        }
        return parse(stdout);
    }

    private AccessToken parse(String stdout) throws IOException {
        if (stdout.startsWith("{")) {
            try {
                return TokenResponseParser.parse(stdout.getBytes(StandardCharsets.UTF_8), clock.instant()).token();
            } catch (IOException e) {
                throw new IOException("the token command printed JSON but " + e.getMessage(), e);
            }
        }
        String firstLine = stdout.lines().findFirst().orElse("").strip();
        if (firstLine.isEmpty()) {
            throw new IOException("the token command printed nothing; it must print the access token");
        }
        try {
            return new AccessToken(TokenResponseParser.accessToken(firstLine), null);
        } catch (IOException e) {
            throw new IOException("the token command printed a first line that is not a bearer token: it has"
                    + " characters other than visible ASCII (RFC 6750)", e);
        }
    }

    private static byte[] readBounded(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return bytes;
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
