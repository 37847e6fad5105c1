package io.github.mailoauth2.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One account's tokens as a {@link TokenStore} keeps them, with what an operator needs to see
 * trouble coming: how old the refresh token is, when it last worked, and whether the token
 * endpoint has refused it for good.
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
 * @param refreshTokenIssuedAt when {@code refreshToken} was received (by an authorization, or by a
 *        refresh that rotated it) or first stored, or {@code null} if unknown
 * @param lastRefreshAt when a refresh with the refresh token last succeeded, or {@code null} if never
 *        or unknown
 * @param refusal why the token endpoint refused {@code refreshToken} for good (its OAuth2 error and
 *        description, e.g. {@code invalid_grant (Token is not active)}, never a token), so that only a
 *        new authorization helps; {@code null} if it has not
 * @param backoffUntil until when every process sharing the store leaves the token endpoint alone after it
 *        failed (its {@code Retry-After}, or a short back-off), or {@code null} if it did not fail last time
 * @param backoffCause what the token endpoint's failure was (e.g. {@code HTTP 503}, never a token), or
 *        {@code null} with no {@code backoffUntil}
 */
public record StoredAccount(String refreshToken, String accessToken, Instant accessTokenExpiresAt,
                            String scope, String tokenUrl, String clientId, Instant updatedAt,
                            Instant refreshTokenIssuedAt, Instant lastRefreshAt, String refusal,
                            Instant backoffUntil, String backoffCause) {
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
     * @param refreshTokenIssuedAt when the refresh token was received, or {@code null}
     * @param lastRefreshAt when a refresh last succeeded, or {@code null}
     * @param refusal why the refresh token was refused for good, or {@code null}
     * @param backoffUntil until when the token endpoint is left alone after a failure, or {@code null}
     * @param backoffCause what its failure was, or {@code null}
     * @throws NullPointerException if {@code updatedAt} is {@code null}
     */
    public StoredAccount {
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * An entry without a back-off: {@code backoffUntil} and {@code backoffCause} are {@code null}.
     *
     * @param refreshToken the refresh token, or {@code null}
     * @param accessToken the last access token, or {@code null}
     * @param accessTokenExpiresAt the access token's expiry, or {@code null}
     * @param scope the granted scope, or {@code null}
     * @param tokenUrl the issuing token endpoint, or {@code null}
     * @param clientId the client the tokens were issued to, or {@code null}
     * @param updatedAt when the entry was last changed
     * @param refreshTokenIssuedAt when the refresh token was received, or {@code null}
     * @param lastRefreshAt when a refresh last succeeded, or {@code null}
     * @param refusal why the refresh token was refused for good, or {@code null}
     * @throws NullPointerException if {@code updatedAt} is {@code null}
     */
    public StoredAccount(String refreshToken, String accessToken, Instant accessTokenExpiresAt,
                         String scope, String tokenUrl, String clientId, Instant updatedAt,
                         Instant refreshTokenIssuedAt, Instant lastRefreshAt, String refusal) {
        this(refreshToken, accessToken, accessTokenExpiresAt, scope, tokenUrl, clientId, updatedAt, refreshTokenIssuedAt,
                lastRefreshAt, refusal, null, null);
    }

    /**
     * An entry without the refresh token's history: {@code refreshTokenIssuedAt}, {@code lastRefreshAt}
     * and {@code refusal} are {@code null}. For stores that keep only the tokens.
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
    public StoredAccount(String refreshToken, String accessToken, Instant accessTokenExpiresAt,
                         String scope, String tokenUrl, String clientId, Instant updatedAt) {
        this(refreshToken, accessToken, accessTokenExpiresAt, scope, tokenUrl, clientId, updatedAt, null, null, null);
    }

    /**
     * A copy with another access token, keeping the refresh token and the rest; also the way to drop
     * an access token the server rejected. For a refresh, {@link #refreshed} records more.
     *
     * @param token the new access token, or {@code null}
     * @param expiresAt its expiry, or {@code null} if unknown
     * @param now the new {@code updatedAt}
     * @return the copy; this entry is unchanged
     */
    public StoredAccount withAccessToken(String token, Instant expiresAt, Instant now) {
        return new StoredAccount(refreshToken, token, expiresAt, scope, tokenUrl, clientId, now,
                refreshTokenIssuedAt, lastRefreshAt, refusal, backoffUntil, backoffCause);
    }

    /**
     * A copy with a new refresh token, for servers that rotate it on each refresh; the access
     * token and the rest are kept. A token other than the stored one is {@code refreshTokenIssuedAt}
     * {@code now}, and a refusal of the old one no longer applies; the same token changes neither.
     *
     * @param rt the new refresh token
     * @param now the new {@code updatedAt}
     * @return the copy; this entry is unchanged
     */
    public StoredAccount withRefreshToken(String rt, Instant now) {
        boolean changed = !Objects.equals(rt, refreshToken);
        return new StoredAccount(rt, accessToken, accessTokenExpiresAt, scope, tokenUrl, clientId, now,
                changed ? now : refreshTokenIssuedAt, lastRefreshAt, changed ? null : refusal, backoffUntil, backoffCause);
    }

    /**
     * A copy after a successful refresh: the new access token, the refresh token the server returned
     * (see {@link #withRefreshToken}), {@code lastRefreshAt} {@code now}, and neither refusal nor back-off.
     *
     * @param rt the refresh token the server returned, or {@code null} if it returned none and the stored
     *        one stays valid
     * @param token the new access token
     * @param expiresAt its expiry, or {@code null} if unknown
     * @param now the time of the refresh, the new {@code updatedAt}
     * @return the copy; this entry is unchanged
     */
    public StoredAccount refreshed(String rt, String token, Instant expiresAt, Instant now) {
        StoredAccount rotated = withRefreshToken(rt != null ? rt : refreshToken, now);
        return new StoredAccount(rotated.refreshToken, token, expiresAt, scope, tokenUrl, clientId, now,
                rotated.refreshTokenIssuedAt, now, null);
    }

    /**
     * A copy recording that the token endpoint refused the refresh token for good. The refresh token
     * and everything else are kept: the entry still says which token was refused, and an operator may
     * yet find the cause elsewhere (a client mix-up) and refresh with it again.
     *
     * @param reason the server's OAuth2 error and description, never a token
     * @param now the new {@code updatedAt}
     * @return the copy; this entry is unchanged
     * @throws NullPointerException if {@code reason} is {@code null}
     */
    public StoredAccount withRefusal(String reason, Instant now) {
        Objects.requireNonNull(reason, "reason");
        return new StoredAccount(refreshToken, accessToken, accessTokenExpiresAt, scope, tokenUrl, clientId, now,
                refreshTokenIssuedAt, lastRefreshAt, reason, backoffUntil, backoffCause);
    }

    /**
     * A copy recording that the token endpoint failed (was unreachable, or answered 5xx, 429 or 408) and
     * that every process sharing the store leaves it alone until {@code until}. The tokens and everything
     * else are kept; the next successful {@link #refreshed refresh} clears it.
     *
     * @param cause what the failure was, e.g. {@code HTTP 503}, never a token
     * @param until until when the token endpoint is left alone
     * @param now the new {@code updatedAt}
     * @return the copy; this entry is unchanged
     * @throws NullPointerException if {@code cause} or {@code until} is {@code null}
     */
    public StoredAccount withBackoff(String cause, Instant until, Instant now) {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(until, "until");
        return new StoredAccount(refreshToken, accessToken, accessTokenExpiresAt, scope, tokenUrl, clientId, now,
                refreshTokenIssuedAt, lastRefreshAt, refusal, until, cause);
    }

    /** Shows every field except the tokens, of which it shows the lengths. */
    @Override
    public String toString() {
        return "StoredAccount[refreshToken=" + redacted(refreshToken) + ", accessToken=" + redacted(accessToken)
                + ", accessTokenExpiresAt=" + accessTokenExpiresAt + ", scope=" + scope + ", tokenUrl=" + tokenUrl
                + ", clientId=" + clientId + ", updatedAt=" + updatedAt + ", refreshTokenIssuedAt=" + refreshTokenIssuedAt
                + ", lastRefreshAt=" + lastRefreshAt + ", refusal=" + refusal + ", backoffUntil=" + backoffUntil
                + ", backoffCause=" + backoffCause + "]";
    }

    private static String redacted(String token) {
        return token == null ? "none" : "(" + token.length() + " chars)";
    }
}
