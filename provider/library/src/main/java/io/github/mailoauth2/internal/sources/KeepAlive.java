package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code keep-alive}: refreshes every stored account of one refresh-token source (same token endpoint
 * and client) that nothing has refreshed for that long, even when no connect asks: providers drop refresh
 * tokens that go unused (Microsoft after 90 days), and a mailbox read once a quarter would find its token
 * gone. Runs on the registry's timer, every tenth of the interval but at most hourly ({@link #checkEvery}), so an
 * account is refreshed at most a tenth of the interval late: a day late for 10 days, 3 s late for 30 s. The sources
 * that keep accounts of one store alive share its rounds ({@link KeepAliveScans}): the store is read once per round.
 *
 * <p>A refresh it makes is a real one: a saved access token still good is not taken for a refresh unless
 * someone (another process sharing the store) saved it after the account fell due.
 */
final class KeepAlive {
    private static final System.Logger LOG = System.getLogger(KeepAlive.class.getName());
    static final Duration MAX_CHECK_EVERY = Duration.ofHours(1);
    static final Duration MIN_CHECK_EVERY = Duration.ofSeconds(1);
    static final Duration SHORTEST = Duration.ofSeconds(10);
    static final Duration LONGEST = Duration.ofDays(3650);
    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,9})([smhd]?)");

    /** Runs a task every {@code period} on a daemon thread until the registry closes or the task is cancelled. */
    @FunctionalInterface
    interface Scheduler {
        Future<?> every(Duration period, Runnable task);
    }

    private final TokenEndpoint endpoint;
    private final CachingTokenSource source;
    private final Duration interval;
    private final Clock clock;

    KeepAlive(TokenEndpoint endpoint, CachingTokenSource source, Duration interval, Clock clock) {
        this.endpoint = endpoint;
        this.source = source;
        this.interval = interval;
        this.clock = clock;
    }

    /**
     * {@code keep-alive}: a number of days ({@code 7}), or a number with a unit {@code s}, {@code m}, {@code h}
     * or {@code d} ({@code 30s}, {@code 15m}, {@code 12h}, {@code 7d}); 10 seconds to 3650 days.
     */
    static Optional<Duration> configured(OAuth2Config config) throws ConfigurationException {
        Optional<String> value = config.get(OAuth2Properties.KEEP_ALIVE);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = SYNTAX.matcher(value.get().strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration interval = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (interval.compareTo(SHORTEST) >= 0 && interval.compareTo(LONGEST) <= 0) {
                return Optional.of(interval);
            }
        }
        throw new ConfigurationException(config.where(OAuth2Properties.KEEP_ALIVE) + " must be a number of days, or a number"
                + " with a unit s, m, h or d (e.g. 30, 12h, 90m), from 10s to 3650d; not \"" + value.get() + "\"");
    }

    /** How often to look for accounts due: a tenth of {@code interval}, between 1 second and 1 hour. */
    static Duration checkEvery(Duration interval) {
        Duration tenth = interval.dividedBy(10);
        return tenth.compareTo(MIN_CHECK_EVERY) < 0 ? MIN_CHECK_EVERY : tenth.compareTo(MAX_CHECK_EVERY) > 0 ? MAX_CHECK_EVERY : tenth;
    }

    /** How often the registry's timer should run this keep-alive. */
    Duration checkEvery() {
        return checkEvery(interval);
    }

    /**
     * When the server last saw the account's refresh token: received (authorized or rotated) or used in a refresh
     * that worked. Other changes to the entry (a rejected access token dropped) do not keep a refresh token alive;
     * entries from before that history was kept have only {@code updatedAt}.
     */
    static Instant lastUsed(StoredAccount stored) {
        Instant received = stored.refreshTokenIssuedAt();
        Instant refreshed = stored.lastRefreshAt();
        if (received == null || refreshed == null) {
            return received != null ? received : refreshed != null ? refreshed : stored.updatedAt();
        }
        return received.isAfter(refreshed) ? received : refreshed;
    }

    /** Refreshes those of {@code accounts} (the store's, read for this round) that are this source's and due. */
    void refreshDue(Map<String, StoredAccount> accounts) {
        Instant dueIfBefore = clock.instant().minus(interval);
        accounts.forEach((account, stored) -> {
            // a refresh token the server refused for good stays refused: only a new authorization, which clears it, helps
            if (stored.refreshToken() != null && stored.refusal() == null && endpoint.url.equals(stored.tokenUrl())
                    && endpoint.clientId.equals(stored.clientId()) && !lastUsed(stored).isAfter(dueIfBefore)) {
                try {
                    source.refresh(account, dueIfBefore);
                } catch (IOException e) {
                    // the source reported it to the event listeners; a later round tries again
                    LOG.log(Level.WARNING, "keep-alive could not refresh " + account + ": " + e.getMessage());
                }
            }
        });
    }
}
