package io.github.mailoauth2.cli;

import io.github.mailoauth2.internal.sources.TokenResponse;
import io.github.mailoauth2.token.AccessToken;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** oauth2.py's output lines, which scripts parse: printed only where the user asked for the tokens. */
final class TokenLines {
    private TokenLines() {
    }

    static void print(PrintWriter out, TokenResponse tokens) {
        if (tokens.refreshToken() != null) {
            out.println("Refresh Token: " + tokens.refreshToken());
        }
        printAccess(out, tokens.accessToken(), false);
    }

    /** oauth2.py's two lines, or with {@code quiet} the access token alone, as its {@code --quiet} prints it. */
    static void printAccess(PrintWriter out, AccessToken token, boolean quiet) {
        if (quiet) {
            out.println(token.value());
        } else {
            out.println("Access Token: " + token.value());
            out.println("Access Token Expiration Seconds: " + token.expiresAt()
                    .map(at -> String.valueOf(secondsLeft(at, Instant.now()))).orElse("unknown"));
        }
        out.flush();
    }

    /**
     * Whole seconds until {@code expiresAt}, rounded up: printed moments after the answer, this is the
     * answer's own {@code expires_in}, which is what oauth2.py prints.
     */
    static long secondsLeft(Instant expiresAt, Instant now) {
        Duration left = Duration.between(now, expiresAt);
        if (left.isNegative()) {
            return 0;
        }
        return left.getNano() > 0 ? left.getSeconds() + 1 : left.getSeconds();
    }
}
