package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.internal.CommandLineToolkit;
import io.github.mailoauth2.token.AccessToken;

/**
 * A token endpoint's answer: the access token, and what else it sent: a new (rotated) refresh token and the
 * granted scope, each {@code null} if absent. The one type for every grant, the token sources' and the command
 * line's. {@link #toString()} shows no token.
 */
@CommandLineToolkit
public record TokenResponse(AccessToken accessToken, String refreshToken, String scope) {
    @Override
    public String toString() {
        return "TokenResponse[" + accessToken + (refreshToken == null ? ", no refresh token" : ", with a refresh token") + "]";
    }
}
