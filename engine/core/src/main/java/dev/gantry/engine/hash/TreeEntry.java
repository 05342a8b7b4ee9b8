package dev.gantry.engine.hash;

import java.nio.file.Path;
import java.util.List;

/**
 * One entry of a directory tree to hash: a regular file, or a directory with its entries. A tree
 * is listed once, by whoever walks it under their own rules (an output is walked without following
 * links and checked as it goes), and {@link ContentDigest#ofTree} then hashes what was listed
 * without listing anything again.
 *
 * @param name the entry's name in its directory (empty for the root)
 * @param path where it is
 * @param directory whether it is a directory
 * @param children a directory's entries, in any order; empty for a file
 */
public record TreeEntry(String name, Path path, boolean directory, List<TreeEntry> children) {
    public TreeEntry {
        children = List.copyOf(children);
    }

    /** A regular file. */
    public static TreeEntry file(String name, Path path) {
        return new TreeEntry(name, path, false, List.of());
    }
}
