package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.spi.ContainerPaths;
import dev.gantry.engine.spi.StepLaunch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The directories on the claim that an attempt's pod writes: its scratch directory, which holds
 * every output, and the step's checkpoints. Each is made here and, where the engine runs as
 * another user than the pods, given to the pods' user, as only root may.
 */
final class AttemptFiles {
    private AttemptFiles() {}

    /** The step's checkpoints directory, which outlives its failed attempts. */
    static Path checkpointsDir(StepLaunch launch) {
        return launch.stepDir().resolve("checkpoints");
    }

    /** Makes the directories the pod writes, and hands them to {@code uid:gid}. */
    static void prepare(StepLaunch launch, long uid, long gid) throws IOException {
        if (launch.step().container().checkpoints().isPresent()) {
            Path checkpoints = checkpointsDir(launch);
            Files.createDirectories(checkpoints);
            handOver(checkpoints, uid, gid);
        }
        Optional<Path> attempt = ContainerPaths.outputsDir(launch);
        if (attempt.isPresent()) {
            handOver(attempt.get(), uid, gid);
            for (Path output : launch.outputs().values()) {
                if (Files.isDirectory(output)) {
                    handOver(output, uid, gid);
                }
            }
        }
    }

    private static void handOver(Path dir, long uid, long gid) throws IOException {
        try {
            Object owner = Files.getAttribute(dir, "unix:uid");
            Object group = Files.getAttribute(dir, "unix:gid");
            if (((Number) owner).longValue() == uid && ((Number) group).longValue() == gid) {
                return;
            }
            Files.setAttribute(dir, "unix:uid", (int) uid);
            Files.setAttribute(dir, "unix:gid", (int) gid);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IOException("cannot give " + dir + " to user " + uid + ":" + gid + ", whom the step's pod runs"
                    + " as (only root may): run the engine as that user, or set executors.kubernetes.uid and gid to"
                    + " the engine's own: " + e.getMessage(), e);
        }
    }
}
