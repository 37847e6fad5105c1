package io.github.mailoauth2.internal.sources;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
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
            String stderr = new String(err.join(), StandardCharsets.UTF_8).strip();
            String firstLine = stderr.lines().findFirst().orElse("");
            throw new IOException("the token command exited with status " + process.exitValue()
                    + (firstLine.isEmpty() ? "" : ": " + (firstLine.length() > 200 ? firstLine.substring(0, 200) + "..." : firstLine)));
        }
        return parse(stdout);
    }

    private AccessToken parse(String stdout) throws IOException {
        if (stdout.startsWith("{")) {
            try {
                JsonObject json = JsonParser.parseString(stdout).getAsJsonObject();
                JsonElement token = json.get("access_token");
                JsonElement expiresIn = json.get("expires_in");
                if (token != null && token.isJsonPrimitive()) {
                    return new AccessToken(token.getAsString(), expiresIn == null || !expiresIn.isJsonPrimitive()
                            ? null : clock.instant().plusSeconds(expiresIn.getAsLong()));
                }
            } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
                // reported below, without echoing the output
            }
            throw new IOException("the token command printed JSON without a usable \"access_token\"");
        }
        String firstLine = stdout.lines().findFirst().orElse("").strip();
        if (firstLine.isEmpty()) {
            throw new IOException("the token command printed nothing; it must print the access token");
        }
        return new AccessToken(firstLine, null);
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
