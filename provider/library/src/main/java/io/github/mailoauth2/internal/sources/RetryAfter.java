package io.github.mailoauth2.internal.sources;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The HTTP {@code Retry-After} header (RFC 9110 10.2.3): how long a server asked us to wait. */
final class RetryAfter {
    /** A longer {@code Retry-After} is past any timeout anyway; the cap keeps instant arithmetic safe. */
    private static final Duration MAX = Duration.ofDays(1);

    private RetryAfter() {
    }

    /** {@code Retry-After} in seconds or as an HTTP date; {@code null} if absent or unreadable. */
    static Duration parse(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return text.length() > 9 ? MAX : min(Duration.ofSeconds(Long.parseLong(text)), MAX);
        }
        try {
            Duration until = Duration.between(now, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : min(until, MAX);
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
