package io.github.mailoauth2.internal.store;

import java.io.IOException;
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
import java.util.Optional;
import java.util.Set;

/**
 * The file-system side of the store: files and directories private to their owner from the moment
 * they exist (on POSIX file systems), and whole-or-nothing replacement of a file's contents.
 */
final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> OWNER_FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    private static final String TEMP_SUFFIX = ".tmp";
    /** Writers hold the lock while a temporary file exists, so an older one was left by a killed writer. */
    private static final Duration STALE_TEMP_AGE = Duration.ofMinutes(1);

    private OwnerOnlyFiles() {
    }

    /** The file's bytes, or empty if it does not exist; errors name the file and what to do. */
    static Optional<byte[]> read(Path target) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(target));
        } catch (NoSuchFileException e) {
            return Optional.empty();
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
    }

    /** The permissions that let other users read or change {@code file}, if any: for a warning. */
    static Optional<String> othersAccess(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            return permissions.stream().anyMatch(OTHERS::contains)
                    ? Optional.of(PosixFilePermissions.toString(permissions)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Creates {@code dir} owner-only if it is missing (its parents get the usual permissions). */
    static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Path parent = dir.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, attributes(dir, OWNER_DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new IOException("cannot create the token store's directory " + dir
                        + ": a file of that name is in the way; move it away", e);
            }
        } catch (IOException e) {
            throw new IOException("cannot create the token store's directory " + dir + " (" + e + "); create it"
                    + " yourself (mkdir -m 700), or configure a token store path this user can write", e);
        }
    }

    /**
     * Replaces {@code target} with {@code bytes} atomically, durably, and owner-only: a temporary file
     * in the same directory, forced to disk, then renamed over the target. Readers, and a process
     * killed mid-write, see the old contents or the new, never a mix.
     */
    static void replace(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        String prefix = "." + target.getFileName() + ".";
        deleteStaleTempFiles(dir, prefix);
        Path temp = null;
        boolean moved = false;
        try {
            temp = Files.createTempFile(dir, prefix, TEMP_SUFFIX, fileAttributes(dir));
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

    /** Owner-only permissions for a new file, where the file system has POSIX permissions. */
    static FileAttribute<?>[] fileAttributes(Path path) {
        return attributes(path, OWNER_FILE);
    }

    private static FileAttribute<?>[] attributes(Path path, Set<PosixFilePermission> permissions) {
        // Elsewhere (Windows), a file in the user's profile is private to the user already.
        return path.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
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
}
