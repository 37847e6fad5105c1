package io.github.mailoauth2.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One account's tokens as a {@link TokenStore} keeps them.
 *
 * <p>{@link #toString()} shows only the tokens' lengths, so a {@code StoredAccount} can be logged
 * or put into an exception message safely.
 *
 * @param refreshToken the long-lived token that gets new access tokens, or {@code null} if none
 * @param accessToken the last access token, or {@code null} if none
 * @param accessTokenExpiresAt when {@code accessToken} stops being valid, or {@code null} if unknown
 * @param scope the scope the tokens were granted for, or {@code null}
 * @param tokenUrl the token endpoint that issued them, or {@code null}
 * @param clientId the OAuth2 client they were issued to, or {@code null}
 * @param updatedAt when this entry was last changed; never {@code null}
 */
public record StoredAccount(String refreshToken, String accessToken, Instant accessTokenExpiresAt,
                            String scope, String tokenUrl, String clientId, Instant updatedAt) {
    public StoredAccount {
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A copy with a new access token and its expiry (or {@code null} if unknown), updated at {@code now}. */
    public StoredAccount withAccessToken(String token, Instant expiresAt, Instant now) {
        return new StoredAccount(refreshToken, token, expiresAt, scope, tokenUrl, clientId, now);
    }

    /** A copy with a new refresh token (servers may rotate it on each refresh), updated at {@code now}. */
    public StoredAccount withRefreshToken(String rt, Instant now) {
        return new StoredAccount(rt, accessToken, accessTokenExpiresAt, scope, tokenUrl, clientId, now);
    }

    /** Shows every field except the tokens, of which it shows the lengths. */
    @Override
    public String toString() {
        return "StoredAccount[refreshToken=" + redacted(refreshToken) + ", accessToken=" + redacted(accessToken)
                + ", accessTokenExpiresAt=" + accessTokenExpiresAt + ", scope=" + scope + ", tokenUrl=" + tokenUrl
                + ", clientId=" + clientId + ", updatedAt=" + updatedAt + "]";
    }

    private static String redacted(String token) {
        return token == null ? "none" : "(" + token.length() + " chars)";
    }
}
