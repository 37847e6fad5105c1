package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.OAuth2Properties;
import io.github.mailoauth2.token.TokenRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Runs a program that prints a token, such as a token daemon's client ({@code pizauth show work},
 * {@code oama access alice@example.com}). It runs as {@link ExternalProgram} says, with
 * {@code MAIL_OAUTH2_USER}, {@code MAIL_OAUTH2_PROTOCOL} and {@code MAIL_OAUTH2_HOST} set. It may print
 * the token alone on its first line, or a JSON token response with {@code access_token} and
 * {@code expires_in} (then the token is reused until it is due for refresh).
 */
final class CommandFetcher implements CachingTokenSource.Fetcher {
    private final ExternalProgram program;
    private final Clock clock;

    CommandFetcher(String command, Duration timeout, Clock clock) {
        this.program = new ExternalProgram(command, timeout, "the token command", OAuth2Properties.COMMAND);
        this.clock = clock;
    }

    @Override
    public AccessToken fetch(String account, TokenRequest request) throws IOException {
        return parse(program.run(Map.of("MAIL_OAUTH2_USER", account, "MAIL_OAUTH2_PROTOCOL", request.protocol(),
                "MAIL_OAUTH2_HOST", request.host()), "the access token"));
    }

    private AccessToken parse(String stdout) throws IOException {
        if (stdout.startsWith("{")) {
            try {
                return TokenResponseParser.parse(stdout.getBytes(StandardCharsets.UTF_8), clock.instant()).accessToken();
            } catch (IOException e) {
                throw new IOException("the token command printed JSON but " + e.getMessage(), e);
            }
        }
        String firstLine = stdout.lines().findFirst().orElse("").strip();
        try {
            return new AccessToken(TokenResponseParser.accessToken(firstLine), null);
        } catch (IOException e) {
            throw new IOException("the token command printed a first line that is not a bearer token: it has"
                    + " characters other than visible ASCII (RFC 6750)", e);
        }
    }
}
