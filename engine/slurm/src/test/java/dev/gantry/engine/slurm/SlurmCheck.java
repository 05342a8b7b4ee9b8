package dev.gantry.engine.slurm;

import dev.gantry.engine.RequiredService;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Whether a Slurm cluster answers here, with a node ready to run jobs. */
public final class SlurmCheck extends RequiredService {
    public SlurmCheck() {
        super("Slurm tests", "Start a one-node cluster with 'bash .ci/slurm.sh' (Debian's slurm-wlm and munge)",
                ".ci/slurm.sh starts munged, slurmctld and slurmd with a one-node slurm.conf: see its output");
    }

    @Override
    protected Optional<String> problem() {
        try {
            SlurmCommands.Result nodes = new SlurmCommands().run(List.of("sinfo", "--noheader", "--format=%T"));
            if (!nodes.ok()) {
                return Optional.of("sinfo failed: " + nodes.error());
            }
            if (!nodes.out().matches("(?s).*\\b(idle|mixed|allocated)\\b.*")) {
                return Optional.of("no Slurm node is ready (sinfo says: " + nodes.out().strip() + ")");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }
}
