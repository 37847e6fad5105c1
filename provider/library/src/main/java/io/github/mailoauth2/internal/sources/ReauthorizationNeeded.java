package io.github.mailoauth2.internal.sources;

import java.io.IOException;

/** The account's refresh token is missing or refused for good: only a new authorization helps. */
final class ReauthorizationNeeded extends IOException {
    private static final long serialVersionUID = 1L;

    ReauthorizationNeeded(String message, Throwable cause) {
        super(message, cause);
    }
}
