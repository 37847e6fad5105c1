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
    /**
     * An entry; only {@code updatedAt} is required, every other component may be {@code null}.
     *
     * @param refreshToken the refresh token, or {@code null}
     * @param accessToken the last access token, or {@code null}
     * @param accessTokenExpiresAt the access token's expiry, or {@code null}
     * @param scope the granted scope, or {@code null}
     * @param tokenUrl the issuing token endpoint, or {@code null}
     * @param clientId the client the tokens were issued to, or {@code null}
     * @param updatedAt when the entry was last changed
     * @throws NullPointerException if {@code updatedAt} is {@code null}
     */
    public StoredAccount {
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * A copy after an access token was fetched, keeping the refresh token and the rest.
     *
     * @param token the new access token
     * @param expiresAt its expiry, or {@code null} if unknown
     * @param now the new {@code updatedAt}
     * @return the copy; this entry is unchanged
     */
    public StoredAccount withAccessToken(String token, Instant expiresAt, Instant now) {
        return new StoredAccount(refreshToken, token, expiresAt, scope, tokenUrl, clientId, now);
    }

    /**
     * A copy with a new refresh token, for servers that rotate it on each refresh; the access
     * token and the rest are kept.
     *
     * @param rt the new refresh token
     * @param now the new {@code updatedAt}
     * @return the copy; this entry is unchanged
     */
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
