package io.github.mailoauth2.token;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a mail server rejected an access token, decoded from the JSON it sends in its last SASL
 * challenge (RFC 7628 section 3.2.2; Google's XOAUTH2 uses the same fields).
 *
 * @param mechanism the SASL mechanism that was rejected, {@code XOAUTH2} or {@code OAUTHBEARER}
 * @param status the server's status: an HTTP-like code such as {@code 401} (XOAUTH2) or an OAuth2
 *        error such as {@code invalid_token} (OAUTHBEARER)
 * @param schemes the authentication schemes the server accepts, e.g. {@code bearer}, or {@code null}
 * @param scope the scope the server wants the token to carry, or {@code null}
 * @param openidConfiguration where the server's authorization server describes itself, or {@code null}
 */
public record TokenRejection(String mechanism, String status, String schemes, String scope,
                             String openidConfiguration) {
    /**
     * A rejection as decoded from the server's challenge.
     *
     * @param mechanism the rejected mechanism
     * @param status the server's status
     * @param schemes the accepted schemes, or {@code null}
     * @param scope the required scope, or {@code null}
     * @param openidConfiguration the discovery URL, or {@code null}
     * @throws NullPointerException if {@code mechanism} or {@code status} is {@code null}
     */
    public TokenRejection {
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(status, "status");
    }

    /**
     * The scope the server says the token must carry: the usual fix is to authorize again with it.
     *
     * @return the {@code scope} component, or empty if the server did not name one
     */
    public Optional<String> requiredScope() {
        return Optional.ofNullable(scope);
    }

    /**
     * One line for people: what the server said, and what usually fixes it.
     * For example {@code "XOAUTH2: the server rejected the access token (status 401, schemes bearer,
     * scope https://mail.google.com/): it is expired, revoked, lacks the scope, or was issued for another user
     * (for a shared mailbox: one without Full Access on it)"}.
     *
     * @return the description; it contains no token
     */
    public String describe() {
        StringBuilder b = new StringBuilder(mechanism).append(": the server rejected the access token (status ")
                .append(status);
        if (schemes != null) {
            b.append(", schemes ").append(schemes);
        }
        if (scope != null) {
            b.append(", scope ").append(scope);
        }
        if (openidConfiguration != null) {
            b.append(", openid-configuration ").append(openidConfiguration);
        }
        return b.append("): it is expired, revoked, lacks the scope, or was issued for another user (for a shared mailbox:"
                + " one without Full Access on it)").toString();
    }
}
