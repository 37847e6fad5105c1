package io.github.mailoauth2.internal.sources;

import java.io.IOException;

/** The token endpoint answered with an OAuth2 error that retrying will not change, such as {@code invalid_grant}. */
final class TokenEndpointRefusal extends IOException {
    private static final long serialVersionUID = 1L;

    final String error;

    TokenEndpointRefusal(String error, String message) {
        super(message);
        this.error = error;
    }
}
