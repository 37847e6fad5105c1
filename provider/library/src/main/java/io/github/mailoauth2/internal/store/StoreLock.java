package io.github.mailoauth2.internal.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exclusive hold on one store file: this JVM's lock for its threads, then the file lock on
 * {@code <file>.lock} for other processes. The lock file is never deleted (deleting it would let two
 * processes lock two different files); the operating system releases the lock when its holder exits,
 * however it exits.
 */
final class StoreLock implements AutoCloseable {
    /**
     * One lock per store file for the threads of this JVM. A FileLock belongs to the whole JVM: it
     * excludes other processes only, and a second one on the same file throws instead of waiting.
     * JVM-wide on purpose: every store instance on a file must share it. It holds only JDK objects,
     * so a redeployed web application leaves nothing of its own behind here.
     */
    private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final FileChannel channel;
    private final ReentrantLock jvmLock;

    private StoreLock(FileChannel channel, ReentrantLock jvmLock) {
        this.channel = channel;
        this.jvmLock = jvmLock;
    }

    /** Takes both locks on {@code target} (a real path) within {@code timeout}. */
    static StoreLock acquire(Path target, Duration timeout) throws IOException {
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(target, p -> new ReentrantLock(true));
        if (jvmLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("this thread already holds the lock of the token store " + target
                    + "; call locked(), compareAndSet() and remove() outside a locked() action, not inside it");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!jvmLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IOException("timed out after " + describe(timeout) + " waiting for the lock on "
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
                        OwnerOnlyFiles.fileAttributes(lockFile));
            } catch (IOException e) {
                throw new IOException("cannot open the lock file " + lockFile + " (" + e + "); the directory must be"
                        + " writable by this user", e);
            }
            waitForFileLock(channel, lockFile, deadline, timeout);
            return new StoreLock(channel, jvmLock);
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
    private static void waitForFileLock(FileChannel channel, Path lockFile, long deadline, Duration timeout)
            throws IOException {
        long pauseMillis = 1;
        while (channel.tryLock() == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("timed out after " + describe(timeout) + " waiting for the lock on "
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

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Releases the file lock with its channel, then this JVM's. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            jvmLock.unlock();
        }
    }
}
