package io.github.mailoauth2.internal.angus;

import java.lang.System.Logger.Level;
import java.util.function.Predicate;

/**
 * The rule every login of the adapters follows: when the server rejected a token that came from the cache (revoked
 * before it expired), log in once more with a fresh one, so the application never sees that failure. Never more than
 * once, and not when the rejected token was fetched for this login (another would fare no better). The SMTP connect,
 * the IMAP authentication on its connection, and POP3's connect and folder opens all run through here.
 */
final class RetryOnce {
    /** One login; {@code mayRetry} is false for the retry itself. */
    interface Login<T, E extends Exception> {
        T run(boolean mayRetry) throws E;
    }

    private static final System.Logger LOG = System.getLogger(Logins.class.getName());

    private RetryOnce() {
    }

    /**
     * Runs {@code login}, and once more after {@code beforeRetry} if {@code rejectedCachedToken} says its failure was
     * a rejected cached token.
     */
    @SuppressWarnings("unchecked")
    static <T, E extends Exception> T run(String protocol, Login<T, E> login, Predicate<Exception> rejectedCachedToken,
                                          Runnable beforeRetry) throws E {
        try {
            return login.run(true);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            if (!rejectedCachedToken.test(e)) {
                throw (E) e;
            }
            LOG.log(Level.INFO, () -> protocol + ": the server rejected a cached token (" + e.getMessage()
                    + "); logging in once more with a fresh one");
            beforeRetry.run();
            return login.run(false);
        }
    }
}
