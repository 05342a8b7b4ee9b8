package dev.gantry.engine.internal.verify;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What verifying one object found.
 *
 * @param sha256 the digest the object is named by
 * @param state what it was found to be
 * @param sizeBytes how many bytes were read
 * @param found for a corrupt object, what its content hashes to, or what it is instead of a
 *     file or directory
 * @param quarantinedAt where a corrupt object was moved to
 */
public record Verdict(String sha256, State state, long sizeBytes, Optional<String> found, Optional<Path> quarantinedAt) {
    /** What an object was found to be. */
    public enum State {
        /** Its content hashes to its name. */
        INTACT,
        /** Its content hashes to its name as objects were named before digests covered their type. */
        INTACT_LEGACY,
        /** Its content does not hash to its name, or it is neither a file nor a directory; it was moved aside. */
        CORRUPT,
        /** No object of that name is in the store. */
        MISSING
    }

    /** Whether the object hashes to its name, this way or the old one. */
    public boolean intact() {
        return state == State.INTACT || state == State.INTACT_LEGACY;
    }

    /** Whether the object was found corrupt. */
    public boolean corrupt() {
        return state == State.CORRUPT;
    }
}
