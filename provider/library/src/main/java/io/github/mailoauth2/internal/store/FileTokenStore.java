package io.github.mailoauth2.internal.store;

import io.github.mailoauth2.internal.CommandLineToolkit;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The default {@link TokenStore}: a JSON file of tokens (format: {@link StoreFile}), one entry per
 * account, shared safely by the threads of one JVM and by every process that uses the same file.
 *
 * <ul>
 *   <li><b>Owner-only from the start</b> ({@link OwnerOnlyFiles}): a store file found readable by
 *       others is reported with a warning, and made owner-only by the next write.</li>
 *   <li><b>Whole or nothing</b>: every write replaces the file atomically, so reads need no lock.</li>
 *   <li><b>No token is ever dropped</b>: {@link #locked} excludes other threads and processes
 *       ({@link StoreLock}); a write changes one account's entry and keeps the others as they were;
 *       a file that cannot be parsed is reported, never overwritten.</li>
 * </ul>
 */
@CommandLineToolkit
public final class FileTokenStore extends LockingTokenStore {
    private static final System.Logger LOG = System.getLogger(FileTokenStore.class.getName());
    private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);

    private final Path file;
    private final Duration lockTimeout;
    private final AtomicBoolean warnedAboutPermissions = new AtomicBoolean();

    /**
     * A store kept in {@code file}, waiting up to 60 seconds for the lock.
     *
     * @param file the store file; it and its directory are created on the first write
     */
    public FileTokenStore(Path file) {
        this(file, DEFAULT_LOCK_TIMEOUT);
    }

    /**
     * A store kept in {@code file}, waiting up to {@code lockTimeout} for the lock.
     *
     * @param file the store file; it and its directory are created on the first write
     * @param lockTimeout how long writes wait for another holder of the lock
     */
    public FileTokenStore(Path file, Duration lockTimeout) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (file.getFileName() == null) {
            throw new IllegalArgumentException("a token store needs a file name, not " + file);
        }
        if (lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("the lock timeout must be positive, not " + lockTimeout);
        }
        this.file = file;
        this.lockTimeout = lockTimeout;
    }

    /** The store file, as given to the constructor. */
    public Path path() {
        return file;
    }

    @Override
    public Map<String, StoredAccount> readAll() throws IOException {
        return load(file).accounts();
    }

    @Override
    public Optional<StoredAccount> read(String account) throws IOException {
        checkAccount(account);
        return Optional.ofNullable(readAll().get(account));
    }

    /**
     * Runs {@code action} holding the store's lock, which excludes the other threads of this JVM and
     * other processes. Not reentrant: calling {@code locked}, {@code compareAndSet} or {@code remove}
     * on the same file inside {@code action} throws {@link IllegalStateException}.
     */
    @Override
    public <T> T locked(String account, LockedAction<T> action) throws IOException {
        return locked(account, lockTimeout, action);
    }

    /** As {@link #locked(String, LockedAction)}, waiting for the lock up to {@code maxWait} instead of the store's lock timeout. */
    @Override
    public <T> T locked(String account, Duration maxWait, LockedAction<T> action) throws IOException {
        checkAccount(account);
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(action, "action");
        Path target = target();
        try (StoreLock lock = StoreLock.acquire(target, maxWait)) {
            Tx tx = new Tx(target, account);
            try {
                return action.run(tx);
            } finally {
                tx.open = false;
            }
        }
    }

    @Override
    public void remove(String account) throws IOException {
        checkAccount(account);
        Path target = target();
        try (StoreLock lock = StoreLock.acquire(target, lockTimeout)) {
            StoreFile.Contents contents = load(target);
            if (contents.accounts().containsKey(account)) {
                OwnerOnlyFiles.replace(target, contents.with(account, null));
            }
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }

    /** The file writes go to: in its directory made if missing, through a symbolic link if it is one. */
    private Path target() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        OwnerOnlyFiles.createDirectory(dir);
        Path target = dir.toRealPath().resolve(file.getFileName());
        // Write where a link points: replacing the link itself would move the tokens somewhere unexpected.
        return Files.isSymbolicLink(target) ? target.toRealPath() : target;
    }

    private final class Tx implements Transaction {
        private final Path target;
        private final String account;
        private volatile boolean open = true;

        Tx(Path target, String account) {
            this.target = target;
            this.account = account;
        }

        @Override
        public Optional<StoredAccount> current() throws IOException {
            checkOpen();
            return Optional.ofNullable(load(target).accounts().get(account));
        }

        @Override
        public void save(StoredAccount next) throws IOException {
            Objects.requireNonNull(next, "next");
            checkOpen();
            // Read again and change only this entry: a parse failure stops here, before anything is written.
            OwnerOnlyFiles.replace(target, load(target).with(account, next));
        }

        private void checkOpen() {
            if (!open) {
                throw new IllegalStateException("a Transaction of " + file
                        + " can be used only inside the locked() action that received it");
            }
        }
    }

    private StoreFile.Contents load(Path target) throws IOException {
        Optional<byte[]> bytes = OwnerOnlyFiles.read(target);
        if (bytes.isEmpty()) {
            return StoreFile.Contents.empty();
        }
        OwnerOnlyFiles.othersAccess(target).filter(p -> warnedAboutPermissions.compareAndSet(false, true))
                .ifPresent(permissions -> LOG.log(Level.WARNING, "the token store " + target
                        + " can be read or changed by other users (" + permissions + "); make it private with: chmod 600 "
                        + target));
        return StoreFile.parse(target, bytes.get());
    }

    private static void checkAccount(String account) {
        Objects.requireNonNull(account, "account");
        if (account.isBlank()) {
            throw new IllegalArgumentException("an account name must not be blank");
        }
    }
}
