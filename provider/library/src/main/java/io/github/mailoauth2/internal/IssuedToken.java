package io.github.mailoauth2.internal;

import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;

/**
 * A token for one login, and whether it came from a cache or was fetched for this login: when a server rejects a
 * cached token (revoked early, say), one more login with a fresh token can succeed; when it rejects a token fetched a
 * moment ago, another one would fare no better. Returned to whoever asked for the token, so the answer travels with
 * the token rather than beside it.
 *
 * @param token the token
 * @param cached whether it came from a cache
 */
public record IssuedToken(AccessToken token, boolean cached) {
    /** A token source that knows where its tokens come from (the built-in caching one). */
    public interface Source {
        /** {@link TokenSource#token}, and where the token came from. */
        IssuedToken issue(TokenRequest request, char[] connectPassword) throws IOException;
    }

    /** A token of {@code source}; one from a source that does not say (a plug-in) counts as fetched. */
    public static IssuedToken of(TokenSource source, TokenRequest request, char[] connectPassword) throws IOException {
        return source instanceof Source knows ? knows.issue(request, connectPassword)
                : new IssuedToken(source.token(request, connectPassword), false);
    }
}
