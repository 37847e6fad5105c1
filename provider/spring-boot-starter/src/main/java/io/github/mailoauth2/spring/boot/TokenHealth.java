package io.github.mailoauth2.spring.boot;

import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.token.TokenEvent;
import io.github.mailoauth2.token.TokenEventListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;

/**
 * The state of each account's tokens, from the library's token events, for the health indicators of Boot 3.5 and
 * 4.0 alike: an account is UP while its last token request succeeded, DOWN with {@code REAUTHORIZATION_NEEDED} once
 * its refresh token was refused for good, or with the last failure's category. Events never carry a token or a
 * secret, and neither does this.
 */
final class TokenHealth implements TokenEventListener, DisposableBean {
    /** An account's overall state; the names are Actuator's status codes. */
    enum Status { UNKNOWN, UP, DOWN }

    private record AccountState(String source, Instant lastRefresh, Instant expiresAt, TokenEvent.Type failure, String detail,
            Instant failedAt) {
    }

    private final Map<String, AccountState> accounts = new ConcurrentHashMap<>();
    private final Clock clock;

    TokenHealth(Clock clock) {
        this.clock = clock;
        MailOAuth2.addTokenEventListener(this);
    }

    @Override
    public void onEvent(TokenEvent event) {
        accounts.compute(event.account(), (account, old) -> switch (event.type()) {
            case REFRESHED -> new AccountState(event.source(), event.time(), event.expiresAt(), null, null, null);
            // the rejected token is dropped, and a refresh follows whose event says how it went
            case TOKEN_REJECTED -> new AccountState(event.source(), old == null ? null : old.lastRefresh(), null,
                    old == null ? null : old.failure(), old == null ? null : old.detail(), old == null ? null : old.failedAt());
            default -> new AccountState(event.source(), old == null ? null : old.lastRefresh(), old == null ? null : old.expiresAt(),
                    event.type(), event.detail(), event.time());
        });
    }

    /** The worst state of any account; {@code UNKNOWN} before any token was requested. */
    Status status() {
        Status status = Status.UNKNOWN;
        for (AccountState state : accounts.values()) {
            if (status(state) == Status.DOWN) {
                return Status.DOWN;
            }
            status = Status.UP;
        }
        return status;
    }

    /** Each account's state, by account: its status, source, the token's remaining life, the last refresh and failure. */
    Map<String, Object> details() {
        Map<String, Object> details = new TreeMap<>();
        accounts.forEach((account, state) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", status(state).name());
            entry.put("source", state.source());
            if (state.failure() != null) {
                entry.put("reason", state.failure().name());
                entry.put("detail", state.detail() == null ? "" : state.detail());
                entry.put("failedAt", state.failedAt().toString());
            }
            if (state.lastRefresh() != null) {
                entry.put("lastRefresh", state.lastRefresh().toString());
            }
            if (state.expiresAt() != null) {
                entry.put("expiresAt", state.expiresAt().toString());
                entry.put("remainingSeconds", Math.max(0, Duration.between(clock.instant(), state.expiresAt()).toSeconds()));
            }
            details.put(account, entry);
        });
        return details;
    }

    /**
     * DOWN after a refused refresh token or a permanent failure; after a transient one only once the last token has
     * expired (until then connections still log in).
     */
    private Status status(AccountState state) {
        if (state.failure() == null) {
            return Status.UP;
        }
        if (state.failure() == TokenEvent.Type.REFRESH_FAILED_TRANSIENT && state.expiresAt() != null
                && state.expiresAt().isAfter(clock.instant())) {
            return Status.UP;
        }
        return Status.DOWN;
    }

    @Override
    public void destroy() {
        MailOAuth2.removeTokenEventListener(this);
    }
}
