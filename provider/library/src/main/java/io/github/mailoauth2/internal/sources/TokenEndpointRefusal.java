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

    TokenEndpointRefusal(String error, String reason, String advice) {
        super(reason + ". " + advice);
        this.error = error;
        this.reason = reason;
    }
}
