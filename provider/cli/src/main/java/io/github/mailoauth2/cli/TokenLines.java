package io.github.mailoauth2.cli;

import io.github.mailoauth2.internal.sources.OAuth2Client;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** oauth2.py's output lines, which scripts parse: printed only where the user asked for the tokens. */
final class TokenLines {
    private TokenLines() {
    }

    static void print(PrintWriter out, OAuth2Client.Tokens tokens) {
        if (tokens.refreshToken() != null) {
            out.println("Refresh Token: " + tokens.refreshToken());
        }
        printAccess(out, tokens);
    }

    static void printAccess(PrintWriter out, OAuth2Client.Tokens tokens) {
        out.println("Access Token: " + tokens.accessToken().value());
        out.println("Access Token Expiration Seconds: " + tokens.accessToken().expiresAt()
                .map(at -> String.valueOf(Math.max(0, Duration.between(Instant.now(), at).toSeconds()))).orElse("unknown"));
        out.flush();
    }
}
