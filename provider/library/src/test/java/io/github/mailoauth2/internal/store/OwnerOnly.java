package io.github.mailoauth2.internal.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a hand-made store file as the store itself would, owner-only, so that it draws no permission warning. */
final class OwnerOnly {
    private OwnerOnly() {
    }

    static void write(Path file, byte[] bytes) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<?> rwOwner = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            Files.deleteIfExists(file);
            Files.createFile(file, rwOwner);
        }
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    static void write(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
