package dev.gantry.engine.internal.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * Creates a store readable by its owner alone: the store directory and the directories at its
 * root {@code 0700}, {@code gantry.db} {@code 0600} (SQLite gives its WAL and shared-memory
 * files the database's permissions). A step's logs and outputs, and the run records, are the
 * user's business, not every local account's. What exists already is left as it is; where
 * the file system has no POSIX permissions, the defaults stand.
 */
final class OwnerOnly {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {}

    /** Creates what is missing of {@code layout}'s root directories, and its database file when {@code sqlite}. */
    static void create(StoreLayout layout, boolean sqlite) throws IOException {
        Path root = layout.root();
        if (root.getParent() != null) {
            Files.createDirectories(root.getParent());
        }
        directory(root);
        for (Path dir : List.of(layout.objects().getParent(), layout.runs(), layout.pipelines(),
                layout.digests())) {
            directory(dir);
        }
        if (sqlite && !Files.exists(layout.database())) {
            try {
                Files.createFile(layout.database(), attribute(FILE));
            } catch (FileAlreadyExistsException raced) {
                // Another process made it first; SQLite opens it as it is.
            }
        }
    }

    private static void directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectory(dir, attribute(DIRECTORY));
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(dir)) {
                throw raced;
            }
        }
    }

    private static FileAttribute<?>[] attribute(Set<PosixFilePermission> permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }
}
