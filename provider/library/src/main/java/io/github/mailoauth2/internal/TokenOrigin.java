package io.github.mailoauth2.internal;

/**
 * Whether the token of the login running on this thread came from a cache or was fetched for it:
 * when a server rejects a cached token (revoked early, say), one more login with a fresh token can
 * succeed; when it rejects a token fetched a moment ago, another one would fare no better.
 */
public final class TokenOrigin {
    private static final ThreadLocal<Boolean> FROM_CACHE = new ThreadLocal<>();

    private TokenOrigin() {
    }

    /** A login starts: nothing is known yet. */
    public static void reset() {
        FROM_CACHE.remove();
    }

    /** The token handed to this thread was cached. */
    public static void cached() {
        FROM_CACHE.set(Boolean.TRUE);
    }

    /** The token handed to this thread was fetched for this login. */
    public static void fetched() {
        FROM_CACHE.set(Boolean.FALSE);
    }

    /** Whether the last token handed to this thread since {@link #reset()} came from a cache. */
    public static boolean wasCached() {
        return Boolean.TRUE.equals(FROM_CACHE.get());
    }
}
