package io.github.mailoauth2.internal.angus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one retry-once of every protocol's login. */
class RetryOnceTest {
    private final List<Boolean> runs = new ArrayList<>();
    private int retries;

    @Test
    void aRejectedCachedTokenIsRetriedOnceAndTheRetryMayNotAskForAnother() throws MessagingException {
        boolean connected = RetryOnce.run("smtp", mayRetry -> {
            runs.add(mayRetry);
            if (mayRetry) {
                throw new AuthenticationFailedException("cached token rejected");
            }
            return true;
        }, e -> true, () -> retries++);

        assertThat(connected).isTrue();
        assertThat(runs).containsExactly(true, false);
        assertThat(retries).isEqualTo(1);
    }

    @Test
    void aSecondFailureReachesTheCaller() {
        assertThatThrownBy(() -> RetryOnce.run("pop3", mayRetry -> {
            runs.add(mayRetry);
            throw new AuthenticationFailedException(mayRetry ? "first" : "second");
        }, e -> true, () -> retries++)).isInstanceOf(AuthenticationFailedException.class).hasMessage("second");

        assertThat(runs).containsExactly(true, false);
    }

    @Test
    void anyOtherFailureIsNotRetried() {
        assertThatThrownBy(() -> RetryOnce.run("imap", mayRetry -> {
            runs.add(mayRetry);
            throw new MessagingException("fetched token rejected");
        }, e -> false, () -> retries++)).hasMessage("fetched token rejected");

        assertThat(runs).containsExactly(true);
        assertThat(retries).isZero();
    }
}
