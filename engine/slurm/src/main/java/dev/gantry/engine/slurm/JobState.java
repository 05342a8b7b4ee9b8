package dev.gantry.engine.slurm;

import java.util.Optional;
import java.util.Set;

/**
 * What Slurm says of a job: its state ({@code PENDING}, {@code RUNNING}, {@code COMPLETED},
 * {@code OUT_OF_MEMORY} ...), the reason it gives, the node it runs on and, once it ended, its
 * exit status.
 *
 * @param jobId the job's id
 * @param state Slurm's job state, such as {@code FAILED}
 * @param reason why it waits or ended as it did, such as {@code Resources} or {@code NonZeroExitCode}
 * @param nodes the node list, empty before it starts
 * @param exitCode the batch script's exit code, once ended
 * @param signal the signal that ended it, 0 if none
 */
record JobState(String jobId, String state, String reason, String nodes, int exitCode, int signal) {
    /**
     * Not Slurm's: the state of a job the executor lost track of, which Slurm no longer lists and
     * which left no exit code, or which Slurm would not say anything of for minutes.
     */
    static final String LOST = "LOST";
    /** Not Slurm's: a pending job that Slurm says can never start as asked, which the executor cancelled. */
    static final String NEVER_STARTS = "NEVER_STARTS";
    /**
     * Pending reasons that no wait ends: the job asks for more than its partition, account or
     * QOS allows, or for nodes that do not exist.
     */
    private static final Set<String> HOPELESS = Set.of("PartitionConfig", "PartitionNodeLimit", "PartitionTimeLimit",
            "BadConstraints", "InvalidAccount", "InvalidQOS", "QOSMaxCpuPerJobLimit", "QOSMaxMemoryPerJob",
            "QOSMaxGRESPerJob", "QOSMaxNodePerJobLimit", "QOSMaxWallDurationPerJobLimit", "AssocMaxCpuPerJobLimit",
            "AssocMaxMemPerJobLimit", "AssocMaxWallDurationPerJobLimit", "AssocMaxNodePerJobLimit",
            "AssocMaxGRESPerJob", "DependencyNeverSatisfied");
    /** The states in which a job has ended for good. */
    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "OUT_OF_MEMORY", "TIMEOUT", "CANCELLED",
            "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "REVOKED", "SPECIAL_EXIT", LOST, NEVER_STARTS);

    /**
     * Parses a line of {@code squeue -O JobArrayID:|,State:|,Reason:|,NodeList:|,exit_code:} (fields
     * separated by {@code |}); empty when it is not such a line.
     */
    static Optional<JobState> parse(String line) {
        String[] f = line.split("\\|", -1);
        if (f.length < 5) {
            return Optional.empty();
        }
        try {
            // squeue gives the wait status: the exit code in the high byte, a signal in the low one.
            int status = Integer.parseInt(f[4].strip());
            // A cancelled job's state reads "CANCELLED by 0" in some versions: the first word is the state.
            String state = f[1].strip().split(" ")[0];
            return Optional.of(new JobState(f[0].strip(), state, f[2].strip(), f[3].strip(), (status >> 8) & 0xff,
                    status & 0x7f));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean ended() {
        return ENDED.contains(state);
    }

    /** Whether the job waits for something that will never come ({@link #HOPELESS}). */
    boolean neverStarts() {
        return state.equals("PENDING") && HOPELESS.contains(reason);
    }

    boolean succeeded() {
        return state.equals("COMPLETED") && exitCode == 0;
    }

    /** The job as one line for the step's log: {@code pending (Resources)}, {@code running on node7}. */
    String describe() {
        String words = state.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        if (state.equals("RUNNING") && !nodes.isEmpty()) {
            return words + " on " + nodes;
        }
        return reason.isEmpty() || reason.equals("None") ? words : words + " (" + reason + ")";
    }
}
