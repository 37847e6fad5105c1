package io.github.mailoauth2.internal.sources;

import java.io.IOException;

/**
 * The token endpoint refused the request in a way that retrying will not change: an OAuth2 error such
 * as {@code invalid_grant} or {@code invalid_client}, or a 4xx answer without one.
 */
final class TokenEndpointRefusal extends IOException {
    private static final long serialVersionUID = 1L;

    /** The OAuth2 error code, or {@code null} if the answer had none. */
    final String error;
    /** What was refused and why, without the advice that completes the message. */
    final String reason;
    /** The server's answer alone, e.g. {@code invalid_grant (Token is not active)}; the error code if no more is known. */
    final String summary;

    TokenEndpointRefusal(String error, String reason, String advice) {
        this(error, reason, advice, error);
    }

    TokenEndpointRefusal(String error, String reason, String advice, String summary) {
        super(reason + ". " + advice);
        this.error = error;
        this.reason = reason;
        this.summary = summary;
    }
}
