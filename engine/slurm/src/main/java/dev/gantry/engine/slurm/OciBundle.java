package dev.gantry.engine.slurm;

import java.nio.file.Path;
import java.util.List;

/**
 * An OCI bundle as read once per run ({@link OciBundles#read}).
 *
 * @param dir its directory, which {@code sbatch --container} takes
 * @param fingerprint what it holds, for the cache key of the steps that run in it
 * @param mounted the directories its bind mounts show at their own paths
 */
record OciBundle(Path dir, String fingerprint, List<Path> mounted) {
    OciBundle {
        mounted = List.copyOf(mounted);
    }
}
