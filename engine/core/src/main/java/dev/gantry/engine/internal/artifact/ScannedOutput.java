package dev.gantry.engine.internal.artifact;

import dev.gantry.engine.hash.TreeEntry;
import java.nio.file.Path;

/**
 * An output as {@link OutputScanner} found it: only regular files and directories, listed
 * without following any link.
 *
 * @param name the output's name
 * @param path where the step wrote it
 * @param listing what it holds, to hash and store without listing it again
 * @param sizeBytes its size: a file's, or the sum of a directory's files
 */
public record ScannedOutput(String name, Path path, TreeEntry listing, long sizeBytes) {
    /** Whether the output is a directory. */
    public boolean directory() {
        return listing.directory();
    }
}
