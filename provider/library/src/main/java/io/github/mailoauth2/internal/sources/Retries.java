package io.github.mailoauth2.internal.sources;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Tries a request again while its failure may pass ({@link Transient}), with a doubling backoff or the
 * {@code Retry-After} the server gave if longer, until {@code timeout} runs out, counted from when the token was
 * asked for (a caller may have waited for the token store first): then {@link TokenEndpointUnavailable} says what
 * happened, how often and for how long.
 */
final class Retries {
    /** The token endpoint's logger, as before the retries had a class of their own: logging configurations keep working. */
    private static final System.Logger LOG = System.getLogger(TokenEndpoint.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

    private final Duration timeout;
    private final Clock clock;

    Retries(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    /** One attempt, given the deadline its timeouts must keep. */
    interface Attempt<T> {
        T run(Instant deadline) throws IOException, Transient;
    }

    /** When a request asked for at {@code asked} must have ended. */
    Instant deadline(Instant asked) {
        return asked.plus(timeout);
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * @param what for messages, e.g. "refreshing the token of alice@example.com"
     * @param target the URL, for messages
     * @param start when the token was asked for: the timeout counts from there
     */
    <T> T run(String what, String target, Instant start, Attempt<T> attempt) throws IOException {
        Instant deadline = deadline(start);
        Duration backoff = FIRST_BACKOFF;
        for (int attempts = 1; ; attempts++) {
            try {
                return attempt.run(deadline);
            } catch (Transient failure) {
                backoff = pause(what, target, failure, attempts, start, deadline, backoff);
            } catch (RuntimeException e) {
                // a bug (ours, the HTTP client's, a plug-in's), not the network: retrying would repeat it
                throw new IOException("unexpected " + RequestSecrets.describe(e, List.of()) + " while " + what + " at " + target, e);
            }
        }
    }

    /** Waits before the next attempt, or gives up if the wait would pass the deadline. */
    private Duration pause(String what, String target, Transient failure, int attempt, Instant start, Instant deadline,
                           Duration backoff) throws IOException {
        Instant now = clock.instant();
        Duration wait = failure.retryAfter != null && failure.retryAfter.compareTo(backoff) > 0 ? failure.retryAfter : backoff;
        if (now.plus(wait).isAfter(deadline)) {
            String comeBack = failure.retryAfter == null ? "" : "; it asked to come back at "
                    + now.plus(failure.retryAfter).truncatedTo(ChronoUnit.SECONDS) + " (Retry-After), after the timeout";
            throw new TokenEndpointUnavailable(target + " did not answer " + what + " with a token: " + failure.getMessage()
                    + comeBack + " (" + attempt + (attempt == 1 ? " attempt" : " attempts") + " in "
                    + seconds(start, now) + " s, timeout "
                    + timeout.toSeconds() + " s). Check that the token endpoint is reachable and working; a later connect tries again",
                    failure.retryAfter, failure.getMessage(), failure.getCause());
        }
        LOG.log(Level.DEBUG, () -> target + ": " + failure.getMessage() + "; retrying in " + wait.toMillis() + " ms");
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + what, e);
        }
        return backoff.multipliedBy(2);
    }

    /** The time from {@code from} to {@code to} in seconds, to a tenth, for messages. */
    static String seconds(Instant from, Instant to) {
        return String.format(Locale.ROOT, "%.1f", Duration.between(from, to).toMillis() / 1000.0);
    }

    /** A failure that may pass: the loop waits and tries again. */
    static final class Transient extends Exception {
        private static final long serialVersionUID = 1L;
        final Duration retryAfter;

        Transient(String message, Duration retryAfter, Throwable cause) {
            super(message, cause, false, false);
            this.retryAfter = retryAfter;
        }
    }
}
