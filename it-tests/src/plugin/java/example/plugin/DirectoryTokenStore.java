package example.plugin;

import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One properties file per account, {@code <account, URL-encoded>.properties}, in a directory. A file is
 * replaced whole (a temporary file, then an atomic rename), so readers need no lock. Writers of one account
 * exclude each other, threads and processes alike, with the account's lock file; {@link #locked} holds that
 * lock for the whole read-refresh-save cycle, so an account is refreshed once however many processes share
 * the directory. Messages name files, never tokens.
 */
final class DirectoryTokenStore implements TokenStore {
    private static final String SUFFIX = ".properties";
    /** How long a writer waits for another holder of the account unless told otherwise. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * A {@link FileLock} excludes other processes, not other threads of this one: they queue here first, by lock
     * file, whichever store instance they use (two would make {@code tryLock} throw {@code OverlappingFileLockException}).
     */
    private static final Map<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;

    DirectoryTokenStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public Optional<StoredAccount> read(String account) throws IOException {
        return load(file(account));
    }

    @Override
    public Map<String, StoredAccount> readAll() throws IOException {
        Map<String, StoredAccount> all = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String account = URLDecoder.decode(name.substring(0, name.length() - SUFFIX.length()), StandardCharsets.UTF_8);
                load(file).ifPresent(entry -> all.put(account, entry));
            }
        }
        return all;
    }

    @Override
    public boolean compareAndSet(String account, String expectedRefreshToken, StoredAccount next) throws IOException {
        return exclusive(account, WAIT, () -> {
            String stored = read(account).map(StoredAccount::refreshToken).orElse(null);
            if (!Objects.equals(stored, expectedRefreshToken)) {
                return false;
            }
            write(account, next);
            return true;
        });
    }

    @Override
    public void remove(String account) throws IOException {
        exclusive(account, WAIT, () -> Files.deleteIfExists(file(account)));
    }

    @Override
    public <T> T locked(String account, LockedAction<T> action) throws IOException {
        return locked(account, WAIT, action);
    }

    /** Under the account's lock, so {@code save} needs no compare: no other writer can come in between. */
    @Override
    public <T> T locked(String account, Duration maxWait, LockedAction<T> action) throws IOException {
        return exclusive(account, maxWait, () -> action.run(new Transaction() {
            @Override
            public Optional<StoredAccount> current() throws IOException {
                return read(account);
            }

            @Override
            public void save(StoredAccount next) throws IOException {
                write(account, next);
            }
        }));
    }

    private interface Work<T> {
        T run() throws IOException;
    }

    /** Polls, because {@link FileChannel#lock()} cannot time out. */
    private static FileLock fileLock(FileChannel channel, Path lockFile, long until, Duration maxWait)
            throws IOException, InterruptedException {
        FileLock lock;
        while ((lock = channel.tryLock()) == null) {
            if (System.nanoTime() - until > 0) {
                throw new IOException("timed out after " + maxWait.toMillis() + " ms waiting for " + lockFile
                        + ", held by another process");
            }
            Thread.sleep(10);
        }
        return lock;
    }

    /** Runs {@code work} holding the account's lock, or fails, not running it, if another holder keeps it past {@code maxWait}. */
    private <T> T exclusive(String account, Duration maxWait, Work<T> work) throws IOException {
        long until = System.nanoTime() + maxWait.toNanos();
        Path lockFile = dir.resolve(file(account).getFileName() + ".lock").toAbsolutePath().normalize();
        ReentrantLock threads = THREAD_LOCKS.computeIfAbsent(lockFile, f -> new ReentrantLock());
        try {
            if (!threads.tryLock(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IOException("timed out after " + maxWait.toMillis() + " ms waiting for " + lockFile
                        + ", held by another thread of this process");
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock processes = fileLock(channel, lockFile, until, maxWait)) {
                return work.run();
            } finally {
                threads.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + lockFile);
        }
    }

    private void write(String account, StoredAccount entry) throws IOException {
        Properties p = new Properties();
        put(p, "refresh_token", entry.refreshToken());
        put(p, "access_token", entry.accessToken());
        put(p, "access_token_expires_at", entry.accessTokenExpiresAt());
        put(p, "scope", entry.scope());
        put(p, "token_url", entry.tokenUrl());
        put(p, "client_id", entry.clientId());
        put(p, "updated_at", entry.updatedAt());
        // createTempFile makes the file owner-only (rw-------) where the file system knows owners
        Path temp = Files.createTempFile(dir, ".write-", ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temp)) {
                p.store(out, null);
            }
            Files.move(temp, file(account), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void put(Properties p, String key, Object value) {
        if (value != null) {
            p.setProperty(key, value.toString());
        }
    }

    private static Optional<StoredAccount> load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            String expiresAt = p.getProperty("access_token_expires_at");
            return Optional.of(new StoredAccount(p.getProperty("refresh_token"), p.getProperty("access_token"),
                    expiresAt == null ? null : Instant.parse(expiresAt), p.getProperty("scope"), p.getProperty("token_url"),
                    p.getProperty("client_id"), Instant.parse(p.getProperty("updated_at", ""))));
        } catch (DateTimeParseException e) {
            throw new IOException(file + " is not a token entry of this store (a time is missing or garbled);"
                    + " delete it and authorize the account again", e);
        }
    }

    private Path file(String account) {
        return dir.resolve(URLEncoder.encode(account, StandardCharsets.UTF_8) + SUFFIX);
    }

    @Override
    public String toString() {
        return "the token directory " + dir;
    }
}
