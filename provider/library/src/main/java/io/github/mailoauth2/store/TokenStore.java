package io.github.mailoauth2.store;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the tokens of OAuth2 accounts are kept between connections and between runs: one
 * {@link StoredAccount} per account name.
 *
 * <p>The default store is an owner-only JSON file shared safely by the processes of one machine
 * ({@code mail.oauth2.store=/path/to/tokens.json}); a database store, shared by instances on
 * several machines, is built in ({@code mail.oauth2.store=jdbc:...}). Other stores plug in through a
 * {@link TokenStoreFactory}. Whatever the store, two rules keep tokens from being lost:
 * <ul>
 * <li>a refresh token is replaced only by {@link #compareAndSet}, which fails when another writer
 *     replaced it first, so a rotated refresh token is never overwritten by a stale one;</li>
 * <li>the read-refresh-save cycle runs in {@link #locked}: stores that can exclude other writers
 *     (a file lock, a database row lock) do so, so that an account is refreshed once, not once per
 *     process. The default implementation excludes nobody and relies on {@code compareAndSet}.</li>
 * </ul>
 * Implementations are thread-safe. {@link Object#toString()} names the store for messages (a path,
 * a database URL without credentials) and never shows a token.
 */
public interface TokenStore {

    /**
     * One account's entry.
     *
     * @param account the account name, usually the mailbox address
     * @return the entry, or empty if the store has none
     * @throws IOException if the store cannot be read; the message says where and what to do
     */
    Optional<StoredAccount> read(String account) throws IOException;

    /**
     * Every account in the store.
     *
     * @return the entries by account name; empty if the store holds none
     * @throws IOException if the store cannot be read
     */
    Map<String, StoredAccount> readAll() throws IOException;

    /**
     * Saves {@code next} as the account's entry if the refresh token stored now is still
     * {@code expectedRefreshToken}, atomically.
     *
     * @param account the account name
     * @param expectedRefreshToken the refresh token the caller last read, or {@code null} if it
     *        found no entry or an entry without a refresh token
     * @param next the new entry
     * @return {@code false}, changing nothing, if another writer changed the refresh token first
     * @throws IOException if the store cannot be read or written; it is then unchanged
     */
    boolean compareAndSet(String account, String expectedRefreshToken, StoredAccount next) throws IOException;

    /**
     * Removes an account's entry; does nothing if there is none.
     *
     * @param account the account name
     * @throws IOException if the store cannot be written
     */
    void remove(String account) throws IOException;

    /**
     * Runs {@code action} on one account's entry, excluding other writers of that account where the
     * store can: the way to read, refresh and save without a second process refreshing too.
     *
     * <p>This default excludes nobody: {@link Transaction#save} is a {@link #compareAndSet} against
     * what {@link Transaction#current} last returned, and fails with an {@link IOException} if
     * another writer came first. Stores that can lock override it.
     *
     * @param <T> what the action returns
     * @param account the account name
     * @param action the work to do on the entry
     * @return what {@code action} returns
     * @throws IOException if the store cannot be read or written, or if {@code action} throws it
     */
    default <T> T locked(String account, LockedAction<T> action) throws IOException {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(action, "action");
        TokenStore store = this;
        return action.run(new Transaction() {
            private String lastRead;

            @Override
            public Optional<StoredAccount> current() throws IOException {
                Optional<StoredAccount> entry = store.read(account);
                lastRead = entry.map(StoredAccount::refreshToken).orElse(null);
                return entry;
            }

            @Override
            public void save(StoredAccount next) throws IOException {
                if (!store.compareAndSet(account, lastRead, next)) {
                    throw new IOException("another writer changed the refresh token of " + account + " in " + store
                            + " at the same time; nothing was saved, try again");
                }
                lastRead = next.refreshToken();
            }
        });
    }

    /**
     * As {@link #locked(String, LockedAction)}, but waits for another holder of the account's entry no longer than
     * {@code maxWait}: a token request that must end within its timeout gives up waiting for a process that is
     * refreshing the same account (or retrying a failing token endpoint) when its time runs out. Stores that lock
     * override it; this default ignores {@code maxWait}, which is right for stores that lock nothing and wait for
     * nobody.
     *
     * @param <T> what the action returns
     * @param account the account name
     * @param maxWait how long to wait for the entry at most; zero or negative: only if nobody holds it
     * @param action the work to do on the entry
     * @return what {@code action} returns
     * @throws IOException if the store cannot be read or written, if {@code action} throws it, or if another holder
     *         kept the entry for longer than {@code maxWait} ({@code action} then did not run)
     */
    default <T> T locked(String account, Duration maxWait, LockedAction<T> action) throws IOException {
        Objects.requireNonNull(maxWait, "maxWait");
        return locked(account, action);
    }

    /**
     * The work done on one account inside {@link #locked}.
     *
     * @param <T> what the action returns
     */
    @FunctionalInterface
    interface LockedAction<T> {
        /**
         * Does the work.
         *
         * @param tx the account's entry, valid only during this call
         * @return the action's result
         * @throws IOException if the work fails; {@link #locked} rethrows it
         */
        T run(Transaction tx) throws IOException;
    }

    /** One account's entry during a {@link #locked} action. */
    interface Transaction {
        /**
         * The account's entry as the store holds it now.
         *
         * @return the entry, or empty if there is none
         * @throws IOException if the store cannot be read
         */
        Optional<StoredAccount> current() throws IOException;

        /**
         * Writes the account's entry at once, atomically, keeping every other account's entry.
         *
         * @param next the new entry
         * @throws IOException if the store cannot be written (it is then unchanged), or another
         *         writer changed the entry since {@link #current()} where the store cannot lock
         */
        void save(StoredAccount next) throws IOException;
    }
}
