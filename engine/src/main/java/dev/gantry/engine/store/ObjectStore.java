package dev.gantry.engine.store;

import dev.gantry.engine.hash.Sha256;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Content-addressed artifacts. An output is hashed where the step wrote it, made read-only
 * and renamed into place: the scratch directory is on the same filesystem, so the rename is
 * atomic and nothing is copied. An object that already exists is kept and the new copy dropped.
 */
public final class ObjectStore {
    private final StoreLayout layout;

    public ObjectStore(StoreLayout layout) {
        this.layout = layout;
    }

    /** The path an object with digest {@code sha256} has, whether or not it exists. */
    public Path path(String sha256) {
        return layout.object(sha256);
    }

    /** Whether the object exists. */
    public boolean contains(String sha256) {
        return Files.exists(layout.object(sha256));
    }

    /** Hashes {@code scratch} (a file or directory tree) and moves it into the store. */
    public String commit(Path scratch) throws IOException {
        boolean directory = Files.isDirectory(scratch);
        String sha256 = directory ? Sha256.ofTree(scratch) : Sha256.ofFile(scratch);
        commit(scratch, sha256, directory);
        return sha256;
    }

    /** Moves {@code scratch}, whose digest is {@code sha256}, into the store. */
    public void commit(Path scratch, String sha256) throws IOException {
        commit(scratch, sha256, Files.isDirectory(scratch));
    }

    private void commit(Path scratch, String sha256, boolean directory) throws IOException {
        Path target = layout.object(sha256);
        if (Files.exists(target)) {
            if (directory || !deleteFile(scratch)) {
                deleteTree(scratch);
            }
            return;
        }
        Directories.create(target.getParent());
        makeReadOnly(scratch, directory);
        try {
            Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
            // Another run committed the same content first; theirs is as good as ours.
            deleteTree(scratch);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the store " + layout.root() + " and the scratch directory "
                    + scratch.getParent() + " must be on one filesystem", e);
        }
    }

    private static void makeReadOnly(Path path, boolean directory) throws IOException {
        if (!directory) {
            path.toFile().setWritable(false, false);
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(path)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            p.toFile().setWritable(false, false);
        }
    }

    /** Deletes a file the quick way; false when that is not allowed and {@link #deleteTree} must try. */
    private static boolean deleteFile(Path file) throws IOException {
        try {
            Files.delete(file);
            return true;
        } catch (java.nio.file.AccessDeniedException e) {
            return false;
        }
    }

    /** Deletes a file or tree, read-only parts included. */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(path)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            if (p.getParent() != null) {
                p.getParent().toFile().setWritable(true, true);
            }
            Files.deleteIfExists(p);
        }
    }
}
