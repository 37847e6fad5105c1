package io.github.mailoauth2.internal.store;

import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import java.io.IOException;
import java.util.Objects;

/**
 * A store that can exclude other writers of an account ({@link #locked}): compare-and-set is then
 * a read and a conditional write under that exclusion.
 */
public abstract class LockingTokenStore implements TokenStore {

    @Override
    public final boolean compareAndSet(String account, String expectedRefreshToken, StoredAccount next) throws IOException {
        Objects.requireNonNull(next, "next");
        return locked(account, tx -> {
            String stored = tx.current().map(StoredAccount::refreshToken).orElse(null);
            if (!Objects.equals(stored, expectedRefreshToken)) {
                return false;
            }
            tx.save(next);
            return true;
        });
    }

    /** Excludes other threads and processes (and, for a shared store, other machines) while {@code action} runs. */
    @Override
    public abstract <T> T locked(String account, LockedAction<T> action) throws IOException;
}
