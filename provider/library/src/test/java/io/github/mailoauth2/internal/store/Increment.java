package io.github.mailoauth2.internal.store;

import io.github.mailoauth2.store.StoredAccount;
import java.io.IOException;
import java.time.Instant;

/** A counter kept in an account's scope field, for the tests that race read-modify-writes. */
final class Increment {
    private Increment() {
    }

    /** Reads the counter and saves it plus one, under the lock. */
    static void once(FileTokenStore store, String account) throws IOException {
        store.locked(account, tx -> {
            int next = tx.current().map(a -> Integer.parseInt(a.scope())).orElse(0) + 1;
            tx.save(new StoredAccount("rt", null, null, Integer.toString(next), null, null, Instant.now()));
            return null;
        });
    }

    static int value(FileTokenStore store, String account) throws IOException {
        return store.read(account).map(a -> Integer.parseInt(a.scope())).orElse(0);
    }
}
