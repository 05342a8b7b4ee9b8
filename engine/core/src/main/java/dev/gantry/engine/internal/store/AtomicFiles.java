package dev.gantry.engine.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the store's small files whole or not at all: to a temporary file beside the target,
 * renamed into place, so that processes sharing a store never read half of one.
 */
final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
    /** How the names of temporary files start; a writer that died leaves one behind. */
    static final String TEMPORARY_PREFIX = "writing-";

    private AtomicFiles() {}

    /**
     * Writes {@code content} as {@code target}, making its directory if needed; returns false
     * when that cannot be done, leaving no temporary file behind, and logs why as a warning.
     *
     * @param what what the file is, for the warning, such as {@code "the parsed pipeline"}
     * @param cost what its loss costs, for the warning, such as {@code "the next run parses its file again"}
     */
    static boolean write(Path target, byte[] content, String what, String cost) {
        Path temporary = null;
        try {
            Path dir = Directories.create(target.getParent());
            temporary = Files.createTempFile(dir, TEMPORARY_PREFIX, ".tmp");
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write {} ({}): {}; {}", what, target, e.toString(), cost);
            LOG.debug("the write of {} failed", target, e);
            try {
                if (temporary != null) {
                    Files.deleteIfExists(temporary);
                }
            } catch (IOException cannotDelete) {
                // Left in the store's own directory, where nothing reads it.
                LOG.debug("cannot remove the temporary file {}: {}", temporary, cannotDelete.toString());
            }
            return false;
        }
    }
}
