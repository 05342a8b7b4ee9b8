package dev.gantry.engine.slurm;

import java.util.function.Consumer;

/**
 * Says in the step's output what Slurm does with its job where that is worth knowing: a job that
 * has waited in the queue for half a minute, and why ({@code Resources}, {@code Priority}, {@code ReqNodeNotAvail}), and
 * where it then runs. A job that starts at once says nothing.
 */
final class JobProgress {
    /**
     * How long a job waits before its waiting is said: a fan-out's steps queue for seconds on
     * any cluster, and saying so for each would bury the output.
     */
    private static final long QUIET_NANOS = 30_000_000_000L;

    private final String jobId;
    private final Consumer<String> output;
    private final long submitted = System.nanoTime();
    private boolean toldPending;
    private String lastReason = "";

    JobProgress(String jobId, Consumer<String> output) {
        this.jobId = jobId;
        this.output = output;
    }

    /** Hears a new state of the job. */
    void heard(JobState state) {
        if (state.state().equals("PENDING")) {
            if (System.nanoTime() - submitted > QUIET_NANOS && !state.reason().equals(lastReason)) {
                output.accept("[gantry] Slurm job " + jobId + " is " + state.describe());
                toldPending = true;
                lastReason = state.reason();
            }
        } else if (state.state().equals("RUNNING") && toldPending) {
            output.accept("[gantry] Slurm job " + jobId + " is " + state.describe());
            toldPending = false;
        }
    }
}
