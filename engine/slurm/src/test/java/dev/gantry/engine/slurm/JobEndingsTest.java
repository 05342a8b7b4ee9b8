package dev.gantry.engine.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.spi.ExitReason;
import dev.gantry.engine.spi.LogFileFollower;
import dev.gantry.spec.FailureKind;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How each way a job ends reads as a failure: the kind, the exit code the engine sees, and Slurm's words. */
class JobEndingsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "COMPLETED;0;;0;",
        "FAILED;3;;3;",
        "OUT_OF_MEMORY;0;OUT_OF_MEMORY;1;out of memory (Slurm job 7 went over --mem=64M)",
        "TIMEOUT;0;TIMEOUT;1;Slurm job 7 reached its time limit (TIMEOUT)",
        "DEADLINE;0;TIMEOUT;1;Slurm job 7 reached its time limit (DEADLINE)",
        "NODE_FAIL;0;INFRASTRUCTURE;1;Slurm job 7 ended with NODE_FAIL: node gpu07 failed",
        "BOOT_FAIL;0;INFRASTRUCTURE;1;Slurm job 7 ended with BOOT_FAIL: node gpu07 failed",
        "PREEMPTED;0;PREEMPTED;1;Slurm job 7 was preempted (PREEMPTED)",
        "CANCELLED;0;CANCELLED;1;Slurm job 7 was cancelled outside Gantry (CANCELLED, None)",
        "NEVER_STARTS;0;UNSCHEDULABLE;1;'Slurm would never start job 7 (pending, None): it asks for more than its"
                + " partition, account or QOS allows; it was cancelled'",
        "REVOKED;0;INFRASTRUCTURE;1;Slurm job 7 ended with REVOKED (None)"})
    void aJobsEndReadsAsTheFailureItIs(String state, int status, String kind, int exitCode, String message)
            throws Exception {
        JobState ended = new JobState("7", state, "None", "gpu07", status, 0);
        SlurmJob job = new SlurmJob("7", CompletableFuture.completedFuture(ended), new SlurmCommands(),
                new LogFileFollower(), Path.of("/nonexistent/attempt-1.log"), "64M");

        assertThat(job.waitFor(Optional.empty())).contains(exitCode);
        assertThat(job.failureReason()).isEqualTo(kind == null ? Optional.empty()
                : Optional.of(new ExitReason(FailureKind.valueOf(kind), message)));
    }
}
