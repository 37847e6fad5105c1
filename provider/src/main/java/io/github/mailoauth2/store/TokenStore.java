package io.github.mailoauth2.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JSON file of OAuth2 tokens, one entry per account, shared safely by the threads of one JVM and
 * by every process that uses the same file.
 *
 * <ul>
 *   <li><b>Owner-only from the start.</b> On POSIX file systems the directory is created {@code rwx------}
 *       and the file, its temporary files and its lock file {@code rw-------}, as they are created: there
 *       is no moment at which another user could open them. A store file found readable by others is
 *       reported with a warning (and made owner-only by the next write, which replaces it).</li>
 *   <li><b>Whole or nothing.</b> A write goes to a temporary file in the same directory, is forced to
 *       disk and then atomically renamed over the store. Readers, and a process killed mid-write, see
 *       the old contents or the new, never a mix; so {@link #readAll()} needs no lock.</li>
 *   <li><b>No token is ever dropped.</b> Read-modify-write runs in {@link #locked}, which excludes other
 *       threads and other processes; a write changes one account's entry and keeps the others as they
 *       were; and a file that cannot be parsed is reported, never overwritten.</li>
 * </ul>
 *
 * <p>The lock is {@code <file name>.lock} next to the store. It is never deleted (deleting a lock file
 * lets two processes lock two different files); the operating system releases the lock when its
 * holder exits, however it exits.
 */
public final class TokenStore {
    private static final System.Logger LOG = System.getLogger("io.github.mailoauth2.store");
    private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<PosixFilePermission> OWNER_FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    private static final String TEMP_SUFFIX = ".tmp";
    /** Writers hold the lock while a temporary file exists, so an older one was left by a killed writer. */
    private static final Duration STALE_TEMP_AGE = Duration.ofMinutes(1);
    /**
     * The lock of each store file for the threads of this JVM. A FileLock belongs to the whole JVM:
     * it excludes other processes only, and a second one on the same file throws
     * OverlappingFileLockException instead of waiting.
     */
    private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Duration lockTimeout;
    private final AtomicBoolean warnedAboutPermissions = new AtomicBoolean();

    /**
     * A store kept in {@code file}, waiting up to 60 seconds for the lock.
     *
     * @param file the store file, e.g. {@link #defaultPath()}; it and its directory are created on the first write
     */
    public TokenStore(Path file) {
        this(file, DEFAULT_LOCK_TIMEOUT);
    }

    /**
     * A store kept in {@code file}, waiting up to {@code lockTimeout} for the lock.
     *
     * @param file the store file; it and its directory are created on the first write
     * @param lockTimeout how long {@link #locked} and {@link #remove} wait for another holder of the lock
     */
    public TokenStore(Path file, Duration lockTimeout) {
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

    /**
     * Where the store lives unless configured otherwise: {@code $XDG_CONFIG_HOME/mail-oauth2/tokens.json},
     * else {@code ~/.config/mail-oauth2/tokens.json} on Linux and other Unix systems;
     * {@code %APPDATA%\mail-oauth2\tokens.json} on Windows; {@code ~/Library/Application
     * Support/mail-oauth2/tokens.json} on macOS.
     */
    public static Path defaultPath() {
        return defaultPath(System.getProperty("os.name", ""), System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultPath(String osName, Map<String, String> env, String home) {
        String os = osName.toLowerCase(Locale.ROOT);
        Path base;
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            base = appData == null || appData.isBlank() ? Path.of(home, "AppData", "Roaming") : Path.of(appData);
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            base = Path.of(home, "Library", "Application Support");
        } else {
            // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
            String xdg = env.get("XDG_CONFIG_HOME");
            base = xdg == null || xdg.isBlank() || !Path.of(xdg).isAbsolute() ? Path.of(home, ".config") : Path.of(xdg);
        }
        return base.resolve("mail-oauth2").resolve("tokens.json");
    }

    /** The store file, as given to the constructor. */
    public Path path() {
        return file;
    }

    /**
     * Every account in the store, read without locking: writes replace the file atomically, so this
     * always sees a whole file.
     *
     * @return the accounts by name, in file order; empty if the file does not exist
     * @throws IOException if the file cannot be read or is not a token store; the message names the
     *         file and says what to do
     */
    public Map<String, StoredAccount> readAll() throws IOException {
        return load(file).accounts();
    }

    /** One account's entry, read as {@link #readAll()} reads. */
    public Optional<StoredAccount> read(String account) throws IOException {
        checkAccount(account);
        return Optional.ofNullable(readAll().get(account));
    }

    /**
     * Runs {@code action} holding the store's lock, which excludes the other threads of this JVM and
     * other processes: the way to read, refresh and save an account without losing another's update.
     * Not reentrant: calling {@code locked} or {@code remove} on the same store inside {@code action}
     * throws {@link IllegalStateException}.
     *
     * @return what {@code action} returns
     * @throws IOException if the lock is not had within the lock timeout (naming the lock file), if the
     *         store cannot be read or written, or if {@code action} throws it
     */
    public <T> T locked(String account, LockedAction<T> action) throws IOException {
        checkAccount(account);
        Objects.requireNonNull(action, "action");
        try (Lock lock = lock()) {
            Tx tx = new Tx(lock.target, account);
            try {
                return action.run(tx);
            } catch (UnreadableStore e) {
                throw e.getCause();
            } finally {
                tx.open = false;
            }
        }
    }

    /** Removes an account's entry under the lock; does nothing if there is none. */
    public void remove(String account) throws IOException {
        checkAccount(account);
        try (Lock lock = lock()) {
            StoreFile.Contents contents = load(lock.target);
            if (contents.accounts().containsKey(account)) {
                write(lock.target, contents.with(account, null));
            }
        }
    }

    /** The work done under the store's lock. */
    @FunctionalInterface
    public interface LockedAction<T> {
        T run(Transaction tx) throws IOException;
    }

    /** One account's entry while the lock is held; valid only inside the action that received it. */
    public interface Transaction {
        /**
         * The account's entry as the file holds it now (the file is read again).
         *
         * @throws UncheckedIOException if the store became unreadable; {@link #locked} rethrows it as the
         *         {@link IOException} it wraps
         */
        Optional<StoredAccount> current();

        /**
         * Writes the account's entry at once, atomically, keeping every other account's entry.
         *
         * @throws IOException if the store cannot be written, or if the file there cannot be parsed:
         *         it is then left as it is, so that no token in it is lost
         */
        void save(StoredAccount account) throws IOException;
    }

    @Override
    public String toString() {
        return "TokenStore[" + file + "]";
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
        public Optional<StoredAccount> current() {
            checkOpen();
            try {
                return Optional.ofNullable(load(target).accounts().get(account));
            } catch (IOException e) {
                throw new UnreadableStore(e);
            }
        }

        @Override
        public void save(StoredAccount stored) throws IOException {
            Objects.requireNonNull(stored, "account");
            checkOpen();
            // Read again and change only this entry: a parse failure stops here, before anything is written.
            write(target, load(target).with(account, stored));
        }

        private void checkOpen() {
            if (!open) {
                throw new IllegalStateException("a Transaction of " + file
                        + " can be used only inside the locked() action that received it");
            }
        }
    }

    private static final class UnreadableStore extends UncheckedIOException {
        UnreadableStore(IOException cause) {
            super(cause);
        }
    }

    private StoreFile.Contents load(Path target) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(target);
        } catch (NoSuchFileException e) {
            return StoreFile.Contents.empty();
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read the token store " + target + ": permission denied; make it readable"
                    + " by this user only (chmod 600 " + target + "), or move it away and authorize again", e);
        } catch (IOException e) {
            if (Files.isDirectory(target)) {
                throw new IOException(target + " is a directory, not a mail-oauth2 token store; move it away"
                        + " and authorize again", e);
            }
            throw new IOException("cannot read the token store " + target + " (" + e + "); move it away and"
                    + " authorize again if the problem stays", e);
        }
        warnIfOthersCanAccess(target);
        return StoreFile.parse(target, bytes);
    }

    private void warnIfOthersCanAccess(Path target) {
        PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (view == null || warnedAboutPermissions.get()) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = view.readAttributes().permissions();
        } catch (IOException e) {
            return;
        }
        if (permissions.stream().anyMatch(OTHERS::contains) && warnedAboutPermissions.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "the token store " + target + " can be read or changed by other users ("
                    + PosixFilePermissions.toString(permissions) + "); make it private with: chmod 600 " + target);
        }
    }

    /** Creates the directory if needed, then takes this JVM's lock and the file lock, within the timeout. */
    private Lock lock() throws IOException {
        Path dir = createDirectory();
        Path target = dir.toRealPath().resolve(file.getFileName());
        if (Files.isSymbolicLink(target)) {
            // Write where the link points: replacing the link itself would move the tokens somewhere unexpected.
            target = target.toRealPath();
        }
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(target, p -> new ReentrantLock(true));
        if (jvmLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("this thread already holds the lock of the token store " + target
                    + "; call locked() and remove() outside a locked() action, not inside it");
        }
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        try {
            if (!jvmLock.tryLock(lockTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IOException("timed out after " + describe(lockTimeout) + " waiting for the lock on "
                        + lockFile + ", held by another thread of this JVM whose locked() action has not returned;"
                        + " make that action return sooner, or give the store a longer lock timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the lock on " + lockFile);
        }
        FileChannel channel = null;
        try {
            try {
                channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                        ownerOnly(lockFile, OWNER_FILE));
            } catch (IOException e) {
                throw new IOException("cannot open the lock file " + lockFile + " (" + e + "); the directory must be"
                        + " writable by this user", e);
            }
            waitForFileLock(channel, lockFile, deadline);
            return new Lock(target, channel, jvmLock);
        } catch (IOException | RuntimeException | Error e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } finally {
                jvmLock.unlock();
            }
            throw e;
        }
    }

    /** Polls, because FileChannel.lock() cannot time out; the pause grows to 50 ms, with jitter. */
    private void waitForFileLock(FileChannel channel, Path lockFile, long deadline) throws IOException {
        long pauseMillis = 1;
        while (channel.tryLock() == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("timed out after " + describe(lockTimeout) + " waiting for the lock on "
                        + lockFile + ", held by another process using the same token store (fuser " + lockFile
                        + " shows which); if it is stuck, stop it and try again");
            }
            try {
                long jittered = pauseMillis + ThreadLocalRandom.current().nextLong(pauseMillis + 1);
                TimeUnit.NANOSECONDS.sleep(Math.min(TimeUnit.MILLISECONDS.toNanos(jittered), left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the lock on " + lockFile);
            }
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
    }

    private Path createDirectory() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(dir)) {
            return dir;
        }
        // Only our own directory is made owner-only; its parents (e.g. ~/.config) get the usual permissions.
        try {
            Path parent = dir.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, ownerOnly(dir, OWNER_DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new IOException("cannot create the token store's directory " + dir
                        + ": a file of that name is in the way; move it away", e);
            }
        } catch (IOException e) {
            throw new IOException("cannot create the token store's directory " + dir + " (" + e + "); create it"
                    + " yourself (mkdir -m 700), or configure a token store path this user can write", e);
        }
        return dir;
    }

    /** Replaces {@code target} with {@code bytes} atomically, durably, and owner-only. */
    private static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        String prefix = "." + target.getFileName() + ".";
        deleteStaleTempFiles(dir, prefix);
        Path temp = null;
        boolean moved = false;
        try {
            temp = Files.createTempFile(dir, prefix, TEMP_SUFFIX, ownerOnly(dir, OWNER_FILE));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // On disk before the name points at it: otherwise a crash could leave an empty file.
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot save to the token store " + target + ": its file system cannot replace"
                    + " a file atomically; keep the store on a local file system. The store is unchanged", e);
        } catch (IOException e) {
            throw new IOException("cannot save to the token store " + target + " (" + e + "). The store is unchanged",
                    e);
        } finally {
            if (temp != null && !moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Left for the next writer's clean-up.
                }
            }
        }
        syncDirectory(dir);
    }

    /** Makes the rename itself durable. Windows cannot open a directory; the rename is atomic there anyway. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported on this platform.
        }
    }

    private static void deleteStaleTempFiles(Path dir, String prefix) {
        FileTime staleBefore = FileTime.from(Instant.now().minus(STALE_TEMP_AGE));
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, p -> {
            String name = p.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX);
        })) {
            for (Path temp : temps) {
                if (Files.getLastModifiedTime(temp).compareTo(staleBefore) < 0) {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            // Best effort: a leftover temporary file confuses no reader.
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path path, Set<PosixFilePermission> permissions) {
        // Elsewhere (Windows), a file in the user's profile is private to the user already.
        return path.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private static void checkAccount(String account) {
        Objects.requireNonNull(account, "account");
        if (account.isBlank()) {
            throw new IllegalArgumentException("an account name must not be blank");
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Both locks, released by close(): the file lock with its channel, then this JVM's. */
    private static final class Lock implements AutoCloseable {
        final Path target;
        private final FileChannel channel;
        private final ReentrantLock jvmLock;

        Lock(Path target, FileChannel channel, ReentrantLock jvmLock) {
            this.target = target;
            this.channel = channel;
            this.jvmLock = jvmLock;
        }

        @Override
        public void close() throws IOException {
            try {
                channel.close();
            } finally {
                jvmLock.unlock();
            }
        }
    }
}
