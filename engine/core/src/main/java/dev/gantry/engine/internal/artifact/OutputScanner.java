package dev.gantry.engine.internal.artifact;

import dev.gantry.engine.hash.Cancellation;
import dev.gantry.engine.hash.StoppedException;
import dev.gantry.engine.hash.TreeEntry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the outputs of one attempt without following any link and checks that they hold only
 * what the step wrote in its scratch space: regular files and directories. A symbolic link
 * (wherever it points), a FIFO, a socket or a device node is refused, and so is a hard link to a
 * file outside the attempt's outputs, whose permissions storing it would change, and whose
 * content another program could change under the store.
 *
 * <p>One scanner serves one attempt: hard links are counted across all of its outputs, so a
 * file linked from two of them is accepted, and {@link #checkLinks} is asked once all are scanned.
 */
public final class OutputScanner {
    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final String ONLY_FILES_AND_DIRECTORIES = "; outputs may hold only regular files and directories";
    private static final int TYPE_MASK = 0170000;

    private final Cancellation cancellation;
    /** Files with more than one link: how many links they have, and how many the outputs hold. */
    private final Map<Object, Links> linked = new HashMap<>();

    public OutputScanner(Cancellation cancellation) {
        this.cancellation = cancellation;
    }

    /**
     * Checks that {@code attemptDir}, and each directory between {@code runsDir} and it, is a real
     * directory and not a link a step put in its place, which would make the engine store files
     * from elsewhere.
     */
    public static void checkScratch(Path runsDir, Path attemptDir) throws InvalidArtifactException {
        Path relative = runsDir.relativize(attemptDir);
        Path dir = runsDir;
        for (Path part : relative) {
            dir = dir.resolve(part);
            // Not following links, a link is no directory: one lstat tells both apart.
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidArtifactException("its scratch directory " + dir + " was replaced by "
                        + describe(dir) + "; the step's outputs are not stored");
            }
        }
    }

    /**
     * Walks output {@code name} at {@code path}.
     *
     * @throws InvalidArtifactException naming the offending path, relative to the output (the
     *     output's own name for the output itself)
     * @throws StoppedException when the walk was stopped by the cancellation
     */
    public ScannedOutput scan(String name, Path path) throws InvalidArtifactException, StoppedException {
        Entry root;
        try {
            root = stat(path, name);
        } catch (NoSuchFileException e) {
            throw new InvalidArtifactException("the step did not write it (expected at " + path + ")");
        }
        long[] size = {0};
        TreeEntry listing = walk(root, "", name, size);
        return new ScannedOutput(name, path, listing, size[0]);
    }

    /**
     * Checks that every file with more than one link has all its links among the outputs scanned.
     *
     * @throws InvalidArtifactException naming the output and the file
     */
    public void checkLinks() throws InvalidArtifactException {
        for (Links links : linked.values()) {
            if (links.seen < links.count) {
                throw new InvalidArtifactException(links.output, "'" + links.shown + "' is a hard link to a file"
                        + " outside the step's outputs (it has " + links.count + " links); outputs may hold only"
                        + " files the step wrote, so copy the file instead of linking it");
            }
        }
    }

    private TreeEntry walk(Entry entry, String entryName, String output, long[] size)
            throws InvalidArtifactException, StoppedException {
        if (entry.type == Type.FILE) {
            size[0] += entry.size;
            if (entry.links > 1) {
                Links links = linked.computeIfAbsent(entry.key, k -> new Links(entry.links, output, entry.shown));
                links.seen++;
            }
            return TreeEntry.file(entryName, entry.path);
        }
        if (entry.type != Type.DIRECTORY) {
            throw new InvalidArtifactException(output, "'" + entry.shown + "' is " + entry.type.describe(entry.path)
                    + ONLY_FILES_AND_DIRECTORIES);
        }
        List<TreeEntry> children = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(entry.path)) {
            for (Path child : list) {
                cancellation.check();
                String childName = child.getFileName().toString();
                String shown = entry.shown.equals(output) && entryName.isEmpty() ? childName
                        : entry.shown + "/" + childName;
                Entry found;
                try {
                    found = stat(child, shown);
                } catch (NoSuchFileException e) {
                    throw new InvalidArtifactException(output, "'" + shown + "' vanished while it was being"
                            + " read, or its name cannot be read in this system's file name encoding");
                }
                children.add(walk(found, childName, output, size));
            }
        } catch (StoppedException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidArtifactException(output, "cannot read '" + entry.shown + "': " + e.getMessage());
        }
        return new TreeEntry(entryName, entry.path, true, children);
    }

    private static Entry stat(Path path, String shown) throws InvalidArtifactException, NoSuchFileException {
        try {
            if (!UNIX) {
                var a = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                Type type = a.isRegularFile() ? Type.FILE : a.isDirectory() ? Type.DIRECTORY
                        : a.isSymbolicLink() ? Type.LINK : Type.OTHER;
                return new Entry(path, shown, type, a.size(), 1, a.fileKey());
            }
            Map<String, Object> a = Files.readAttributes(path, "unix:mode,size,nlink,ino,dev", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            return new Entry(path, shown, Type.of(mode & TYPE_MASK), (Long) a.get("size"), (Integer) a.get("nlink"),
                    List.of(a.get("dev"), a.get("ino")));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidArtifactException("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static String describe(Path path) {
        try {
            return stat(path, "").type.describe(path);
        } catch (InvalidArtifactException | NoSuchFileException e) {
            return "nothing";
        }
    }

    private record Entry(Path path, String shown, Type type, long size, int links, Object key) {}

    private static final class Links {
        final int count;
        final String output;
        final String shown;
        int seen;

        Links(int count, String output, String shown) {
            this.count = count;
            this.output = output;
            this.shown = shown;
        }
    }

    private enum Type {
        FILE, DIRECTORY, LINK, FIFO, SOCKET, CHARACTER_DEVICE, BLOCK_DEVICE, OTHER;

        static Type of(int format) {
            return switch (format) {
                case 0100000 -> FILE;
                case 0040000 -> DIRECTORY;
                case 0120000 -> LINK;
                case 0010000 -> FIFO;
                case 0140000 -> SOCKET;
                case 0020000 -> CHARACTER_DEVICE;
                case 0060000 -> BLOCK_DEVICE;
                default -> OTHER;
            };
        }

        String describe(Path path) {
            return switch (this) {
                case FILE -> "a file";
                case DIRECTORY -> "a directory";
                case LINK -> "a symbolic link to " + target(path);
                case FIFO -> "a FIFO";
                case SOCKET -> "a socket";
                case CHARACTER_DEVICE -> "a character device";
                case BLOCK_DEVICE -> "a block device";
                case OTHER -> "a special file";
            };
        }

        private static String target(Path link) {
            try {
                return Files.readSymbolicLink(link).toString();
            } catch (IOException e) {
                return "a target that cannot be read";
            }
        }
    }
}
