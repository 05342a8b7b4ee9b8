package dev.gantry.engine.docker;

import java.nio.file.Path;
import java.util.List;

/**
 * What the executor worked out about a step when it computed the step's cache key, and then
 * runs: the image ID the key holds (so a tag re-pointed in between cannot change what runs),
 * and the host paths behind its mounts.
 *
 * @param imageId the image's ID, {@code sha256:...}
 * @param baseDir the pipeline's directory, which relative paths resolve against
 * @param mounts the step's code files and host volumes, resolved
 */
record Prepared(String imageId, Path baseDir, List<HostMount> mounts) {
    Prepared {
        mounts = List.copyOf(mounts);
    }

    /** A host path mounted into the container. */
    record HostMount(Path source, String target, boolean readOnly) {}
}
