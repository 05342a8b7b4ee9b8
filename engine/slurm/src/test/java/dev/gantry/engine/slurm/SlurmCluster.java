package dev.gantry.engine.slurm;

import java.io.IOException;
import java.util.List;

/** What the test cluster's configuration allows. */
final class SlurmCluster {
    private SlurmCluster() {}

    /** Whether jobs are held to their --mem: the cgroup task plugin enforces it. */
    static boolean enforcesMemory() throws IOException {
        SlurmCommands.Result config = new SlurmCommands().run(List.of("scontrol", "show", "config"));
        return config.out().lines().anyMatch(l -> l.startsWith("TaskPlugin ") && l.contains("cgroup"));
    }
}
