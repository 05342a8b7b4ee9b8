package dev.gantry.engine.internal.verify;

import dev.gantry.engine.hash.Cancellation;
import dev.gantry.engine.hash.ContentDigest;
import dev.gantry.engine.hash.LegacyDigest;
import dev.gantry.engine.internal.artifact.InvalidArtifactException;
import dev.gantry.engine.internal.artifact.OutputScanner;
import dev.gantry.engine.internal.artifact.ScannedOutput;
import dev.gantry.engine.internal.store.ObjectStore;
import dev.gantry.engine.internal.store.StoreLayout;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hashes the store's objects again and moves every one whose content no longer hashes to its
 * name into {@code quarantine/}, where it is kept: a later commit of the same digest then
 * puts good bytes in its place instead of keeping the corrupt ones, and every later run reads
 * those. An object from before digests covered their type is intact if it hashes to its name
 * the old way.
 */
public final class StoreVerifier {
    private final StoreLayout layout;
    private final ObjectStore objects;

    public StoreVerifier(StoreLayout layout) {
        this.layout = layout;
        this.objects = new ObjectStore(layout);
    }

    /**
     * Verifies the object named {@code sha256}, moving it aside if it is corrupt.
     *
     * @throws IOException when it cannot be read or moved, or {@code cancellation} stops the work
     */
    public Verdict verify(String sha256, Cancellation cancellation) throws IOException {
        Path path = objects.path(sha256);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return new Verdict(sha256, Verdict.State.MISSING, 0, Optional.empty(), Optional.empty());
        }
        ScannedOutput scanned;
        try {
            // Objects may share inodes (a matrix's collected inputs link them), so links are not counted.
            scanned = new OutputScanner(cancellation).scan(sha256, path);
        } catch (InvalidArtifactException e) {
            return corrupt(sha256, 0, e.getMessage());
        }
        String actual = ContentDigest.ofTree(scanned.listing(), cancellation);
        if (actual.equals(sha256)) {
            return new Verdict(sha256, Verdict.State.INTACT, scanned.sizeBytes(), Optional.empty(), Optional.empty());
        }
        if (LegacyDigest.of(path, cancellation).equals(sha256)) {
            return new Verdict(sha256, Verdict.State.INTACT_LEGACY, scanned.sizeBytes(), Optional.empty(),
                    Optional.empty());
        }
        return corrupt(sha256, scanned.sizeBytes(), "its content hashes to " + actual);
    }

    private Verdict corrupt(String sha256, long size, String found) throws IOException {
        Path moved = objects.quarantine(sha256);
        return new Verdict(sha256, Verdict.State.CORRUPT, size, Optional.of(found), Optional.of(moved));
    }

    /** The digests of every object in the store, in the order of their names. */
    public List<String> allObjects() throws IOException {
        List<String> all = new ArrayList<>();
        Path root = layout.objects();
        if (!Files.isDirectory(root)) {
            return all;
        }
        try (DirectoryStream<Path> fanOut = Files.newDirectoryStream(root)) {
            for (Path dir : fanOut) {
                String prefix = dir.getFileName().toString();
                if (prefix.length() != 2 || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (DirectoryStream<Path> names = Files.newDirectoryStream(dir)) {
                    for (Path object : names) {
                        String rest = object.getFileName().toString();
                        if (rest.length() == 62 && rest.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                            all.add(prefix + rest);
                        }
                    }
                }
            }
        }
        all.sort(null);
        return all;
    }
}
