package dev.gantry.engine.internal.store;

import dev.gantry.engine.hash.Cancellation;
import dev.gantry.engine.hash.ContentDigest;
import dev.gantry.engine.hash.TreeEntry;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content-addressed artifacts, named by their {@link ContentDigest}. An output is hashed where
 * the step wrote it, made read-only
 * and renamed into place: the scratch directory is on the same filesystem, so the rename is
 * atomic and nothing is copied. An object that already exists is kept and the new copy dropped.
 */
public final class ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);
    private static final DateTimeFormatter QUARANTINE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final StoreLayout layout;
    /** The fan-out directories known to exist, so each is made or checked once per run. */
    private final Set<Path> fanOut = ConcurrentHashMap.newKeySet();

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

    /**
     * Hashes what a step wrote at {@code scratch}, as {@code listing} lists it, and moves it into
     * the store; returns its digest. The listing is hashed and made read-only as it stands, with no
     * second look at the directory: whoever listed it has checked it holds only regular files and
     * directories.
     *
     * @throws java.io.IOException when it cannot be read or moved, or {@code cancellation} stops it
     */
    public String commit(Path scratch, TreeEntry listing, Cancellation cancellation) throws IOException {
        String sha256 = ContentDigest.ofTree(listing, cancellation);
        cancellation.check();
        Path target = layout.object(sha256);
        if (Files.exists(target)) {
            // A file goes in one call; a tree, or a file that will not go so simply, the long way.
            if (listing.directory() || !scratch.toFile().delete()) {
                deleteTree(scratch);
            }
            return sha256;
        }
        makeReadOnly(listing);
        try {
            moveInto(scratch, target);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
            // Another run committed the same content first; theirs is as good as ours.
            LOG.debug("{} was committed by another run meanwhile; removing {}", target, scratch);
            deleteTree(scratch);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the store " + layout.root() + " and the scratch directory "
                    + scratch.getParent() + " must be on one filesystem", e);
        }
        return sha256;
    }

    private void moveInto(Path scratch, Path target) throws IOException {
        Path dir = target.getParent();
        if (!fanOut.contains(dir)) {
            fanOut.add(Directories.create(dir));
        }
        try {
            Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            if (!Files.exists(scratch)) {
                throw e;
            }
            // The fan-out directory was removed since it was made: make it again.
            Directories.create(dir);
            Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Takes the write bits off every entry, the directories after what they hold. */
    private static void makeReadOnly(TreeEntry entry) {
        for (TreeEntry child : entry.children()) {
            makeReadOnly(child);
        }
        entry.path().toFile().setWritable(false, false);
    }

    /**
     * Moves the object {@code sha256} out of the store into its quarantine directory, kept for
     * a person to look at, so that the next commit of the same digest puts good bytes in its
     * place; returns where it went.
     */
    public Path quarantine(String sha256) throws IOException {
        Path object = layout.object(sha256);
        Path target = Directories.create(layout.quarantine()).resolve(sha256 + "." + QUARANTINE_TIME.format(Instant.now()));
        boolean directory = Files.isDirectory(object, LinkOption.NOFOLLOW_LINKS);
        if (directory) {
            // Moving a directory to another parent rewrites its '..' entry, which takes its write permission.
            object.toFile().setWritable(true, true);
        }
        Files.move(object, target, StandardCopyOption.ATOMIC_MOVE);
        if (directory) {
            target.toFile().setWritable(false, false);
        }
        return target;
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
