package dev.gantry.spec;

import java.util.Optional;

/**
 * Scratch space in memory, mounted into a step's container and gone when the attempt ends.
 *
 * @param path where the container sees it: an absolute path
 * @param size its largest size; absent means the daemon's default (half the host's memory)
 */
public record TmpfsSpec(String path, Optional<MemorySize> size) {
    public TmpfsSpec {
        Names.requireNonBlank(path, "tmpfs path");
    }

    /** A tmpfs mount with the daemon's default size. */
    public static TmpfsSpec at(String path) {
        return new TmpfsSpec(path, Optional.empty());
    }
}
