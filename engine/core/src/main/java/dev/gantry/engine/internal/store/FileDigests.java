package dev.gantry.engine.internal.store;

import dev.gantry.engine.hash.ContentDigest;
import dev.gantry.engine.hash.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The digests of files on the host that pipelines read as inputs, remembered in the store's
 * {@code digests/} directory so that a rerun does not read a data set of many gigabytes again
 * to learn that it has not changed.
 *
 * <p>A remembered digest is used only while the file's size, modification time, change
 * time, inode and device are all what they were when it was hashed. Writing to a file
 * always moves its change time, which (unlike the modification time) no system call sets,
 * so an edited file is hashed again even if its size and modification time were restored. A
 * file changed less than {@value #SETTLE_SECONDS} seconds before it was hashed, or while it
 * was, is not remembered: a file system with coarse timestamps could otherwise see a later
 * write within the same tick. Where the file system does not report change times and
 * inodes, and for directories, every run hashes again, as before.
 */
public final class FileDigests {
    private static final Logger LOG = LoggerFactory.getLogger(FileDigests.class);
    static final int SETTLE_SECONDS = 2;
    /**
     * The way the digests in entries were made: an entry of another format, such as one from
     * before digests covered the artifact's type, is hashed again and replaced.
     */
    private static final String FORMAT = "content-v2";
    private static final boolean UNIX_ATTRIBUTES = FileSystems.getDefault().supportedFileAttributeViews()
            .contains("unix");

    private final Path dir;
    private final Function<Path, String> hash;
    private final Duration settle;

    /** Digests remembered in {@code dir}. */
    public FileDigests(Path dir) {
        this(dir, ContentDigest::ofPath, Duration.ofSeconds(SETTLE_SECONDS));
    }

    /**
     * Digests remembered in {@code dir}, worked out by {@code hash} when they must be, of files
     * unchanged for {@code settle} before they were hashed.
     */
    FileDigests(Path dir, Function<Path, String> hash, Duration settle) {
        this.dir = dir;
        this.hash = hash;
        this.settle = settle;
    }

    /** The digests of the store at {@code layout}. */
    public static FileDigests of(StoreLayout layout) {
        return new FileDigests(layout.digests());
    }

    /**
     * The SHA-256 of the file or directory tree at {@code path}, as {@link ContentDigest#ofPath} gives it.
     *
     * @throws UncheckedIOException if it cannot be read
     */
    public String of(Path path) {
        return digest(path, true);
    }

    /** Like {@link #of}, but reads the file whatever is remembered of it, and remembers what it read. */
    public String fresh(Path path) {
        return digest(path, false);
    }

    private String digest(Path path, boolean useRemembered) {
        Path file = path.toAbsolutePath().normalize();
        Optional<Stamp> before = Stamp.of(file);
        if (before.isEmpty()) {
            return ContentDigest.ofPath(file);
        }
        Path entry = dir.resolve(Sha256.ofText(file.toString()));
        Optional<String> known = useRemembered ? read(entry, before.get()) : Optional.empty();
        if (known.isPresent()) {
            LOG.debug("{}: unchanged since it was hashed, digest from {}", file, entry);
            return known.get();
        }
        Instant started = Instant.now();
        String digest = hash.apply(file);
        if (before.get().lastChange().isBefore(started.minus(settle))
                && Stamp.of(file).equals(before)) {
            // A store that cannot take the entry only hashes the file again next time.
            AtomicFiles.write(entry, (FORMAT + " " + before.get().text() + " " + digest + "\n").getBytes(StandardCharsets.UTF_8),
                    "the digest of " + file, "the next run reads the file again");
        } else {
            LOG.debug("{}: changed within {} s of being hashed, so its digest is not remembered", file,
                    settle.toSeconds());
        }
        return digest;
    }

    private static Optional<String> read(Path entry, Stamp now) {
        try {
            String[] fields = Files.readString(entry).trim().split(" ");
            if (fields.length == 3 && fields[0].equals(FORMAT) && fields[1].equals(now.text())
                    && fields[2].length() == 64) {
                return Optional.of(fields[2]);
            }
        } catch (NoSuchFileException missing) {
            // Never hashed: hashed now.
        } catch (IOException | RuntimeException unreadable) {
            // Hashed again, and written again.
            LOG.debug("cannot read the remembered digest {}: {}", entry, unreadable.toString());
        }
        return Optional.empty();
    }

    /** What the file system says of a regular file, all of which a change to its content moves. */
    record Stamp(long size, long modifiedNanos, long changedNanos, long inode, long device) {
        /** The stamp of a regular file; empty for anything else, or where the file system cannot tell. */
        static Optional<Stamp> of(Path file) {
            if (!UNIX_ATTRIBUTES) {
                return Optional.empty();
            }
            try {
                Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino,dev,mode");
                // S_IFREG: a regular file, followed through any symbolic link.
                if ((((Integer) a.get("mode")) & 0170000) != 0100000) {
                    return Optional.empty();
                }
                return Optional.of(new Stamp((Long) a.get("size"), nanos(a.get("lastModifiedTime")),
                        nanos(a.get("ctime")), (Long) a.get("ino"), (Long) a.get("dev")));
            } catch (IOException | RuntimeException e) {
                // Hashing it says why it cannot be read, if it cannot.
                LOG.debug("cannot stat {}: {}", file, e.toString());
                return Optional.empty();
            }
        }

        private static long nanos(Object time) {
            return ((FileTime) time).to(TimeUnit.NANOSECONDS);
        }

        Instant lastChange() {
            return Instant.EPOCH.plusNanos(Math.max(modifiedNanos, changedNanos));
        }

        /** The stamp as one word, which an entry must match exactly. */
        String text() {
            return size + "/" + modifiedNanos + "/" + changedNanos + "/" + inode + "/" + device;
        }
    }
}
