package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import java.io.IOException;
import java.time.Instant;

/**
 * A failing token endpoint, backed off from by every process that shares the token store, not by each on its own:
 * the process that saw the failure records its cause and the end of the back-off in the account's entry
 * ({@link StoredAccount#backoffUntil()}), under the store's lock, in the same transaction that read the entry, so
 * it never overwrites a refresh token another process saved. Until then, a process that reads the entry fails at
 * once with that cause and sends nothing; the first one to take the lock after it tries again, and a refresh that
 * succeeds clears it.
 */
final class SharedBackoff {
    /** A cause is a status line or an exception's name and first words; more is not needed to tell what failed. */
    static final int CAUSE_LENGTH = 200;

    private SharedBackoff() {
    }

    /** Fails, sending nothing, while {@code stored} records a back-off that has not ended at {@code now}. */
    static void check(String account, StoredAccount stored, Instant now, TokenStore store, String tokenUrl)
            throws TokenEndpointUnavailable {
        Instant until = stored.backoffUntil();
        if (until != null && now.isBefore(until)) {
            String cause = stored.backoffCause() == null ? "a failure" : stored.backoffCause();
            throw TokenEndpointUnavailable.recorded("the token endpoint " + tokenUrl + " failed (" + cause
                    + ") for a process sharing the token store " + store + ", and every process leaves it alone until "
                    + until + "; nothing was sent for " + account + ". A connect after that tries again", cause, until);
        }
    }

    /**
     * Records in {@code stored}'s entry that the token endpoint failed with {@code e}, and that every process leaves
     * it alone until {@code until}. A store that cannot save it does not hide the failure: its own is attached to
     * {@code e}.
     */
    static void record(TokenStore.Transaction tx, StoredAccount stored, TokenEndpointUnavailable e, Instant until, Instant now) {
        String cause = e.failure == null ? "unavailable" : e.failure;
        try {
            tx.save(stored.withBackoff(cause.length() <= CAUSE_LENGTH ? cause : cause.substring(0, CAUSE_LENGTH), until, now));
        } catch (IOException notSaved) {
            e.addSuppressed(notSaved);
        }
    }
}
