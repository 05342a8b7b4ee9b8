package dev.gantry.engine.docker;

import dev.gantry.engine.spi.PreparedStep;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the executor worked out about a step when it computed the step's cache key, and then
 * runs: the image ID the key holds (so a tag re-pointed in between cannot change what runs),
 * and the host paths behind its mounts.
 *
 * @param imageId the image's ID, {@code sha256:...}
 * @param baseDir the pipeline's directory, which relative paths resolve against
 * @param mounts the step's code files and host volumes, resolved
 * @param identity what the step's cache key holds of it
 */
record Prepared(String imageId, Path baseDir, List<HostMount> mounts, Map<String, Object> identity)
        implements PreparedStep {
    Prepared {
        mounts = List.copyOf(mounts);
        identity = Collections.unmodifiableMap(new TreeMap<>(identity));
    }

    /** A host path mounted into the container. */
    record HostMount(Path source, String target, boolean readOnly) {}
}
