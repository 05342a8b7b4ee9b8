package dev.gantry.engine.slurm;

import dev.gantry.engine.spi.ExitReason;
import dev.gantry.engine.spi.LogFileFollower;
import dev.gantry.engine.spi.RunningStep;
import dev.gantry.spec.FailureKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An attempt running as a Slurm batch job: it ends when Slurm says the job ended, and Slurm's
 * state says how ({@code OUT_OF_MEMORY}, {@code TIMEOUT}, {@code NODE_FAIL}, {@code PREEMPTED} ...).
 * Killing it is {@code scancel}.
 */
final class SlurmJob implements RunningStep {
    private static final Logger LOG = LoggerFactory.getLogger(SlurmJob.class);
    /** How long a cancelled job may take to end: Slurm signals it, then kills it after KillWait. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(60);

    private final String jobId;
    private final CompletableFuture<JobState> ended;
    private final SlurmCommands slurm;
    private final LogFileFollower follower;
    private final Path log;
    private final String memory;

    SlurmJob(String jobId, CompletableFuture<JobState> ended, SlurmCommands slurm, LogFileFollower follower, Path log,
            String memory) {
        this.jobId = jobId;
        this.ended = ended;
        this.slurm = slurm;
        this.follower = follower;
        this.log = log;
        this.memory = memory;
    }

    @Override
    public Optional<Integer> waitFor(Optional<Duration> timeout) throws InterruptedException {
        JobState state;
        try {
            state = timeout.isPresent() ? ended.get(timeout.get().toMillis(), TimeUnit.MILLISECONDS) : ended.get();
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("following Slurm job " + jobId + " failed", e.getCause());
        }
        follower.finish(log);
        return Optional.of(exitCode(state));
    }

    /** The code the engine sees: the script's own, or what a shell would say of a job killed by a signal. */
    private static int exitCode(JobState state) {
        if (state.succeeded()) {
            return 0;
        }
        if (state.exitCode() != 0) {
            return state.exitCode();
        }
        return state.signal() != 0 ? 128 + state.signal() : 1;
    }

    @Override
    public void kill() {
        try {
            slurm.cancel(jobId);
            ended.get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            LOG.warn("cannot be sure Slurm job {} ended: {}", jobId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            follower.finish(log);
        }
    }

    @Override
    public Optional<ExitReason> failureReason() {
        JobState state = ended.getNow(null);
        if (state == null) {
            return Optional.empty();
        }
        String job = "Slurm job " + jobId;
        return switch (state.state()) {
            case "OUT_OF_MEMORY" -> Optional.of(new ExitReason(FailureKind.OUT_OF_MEMORY,
                    "out of memory (" + job + " went over --mem=" + memory + ")"));
            case "TIMEOUT", "DEADLINE" -> Optional.of(new ExitReason(FailureKind.TIMEOUT,
                    job + " reached its time limit (" + state.state() + ")"));
            case "NODE_FAIL", "BOOT_FAIL" -> Optional.of(new ExitReason(FailureKind.INFRASTRUCTURE,
                    job + " ended with " + state.state() + ": node " + state.nodes() + " failed"));
            case "PREEMPTED" -> Optional.of(new ExitReason(FailureKind.PREEMPTED,
                    job + " was preempted (PREEMPTED)"));
            case "CANCELLED" -> Optional.of(new ExitReason(FailureKind.CANCELLED,
                    job + " was cancelled outside Gantry (CANCELLED, " + state.reason() + ")"));
            case JobState.NEVER_STARTS -> Optional.of(new ExitReason(FailureKind.UNSCHEDULABLE,
                    "Slurm would never start job " + jobId + " (pending, " + state.reason() + "): it asks for more than its"
                            + " partition, account or QOS allows; it was cancelled"));
            case JobState.LOST -> Optional.of(new ExitReason(FailureKind.INFRASTRUCTURE,
                    job + " was lost: " + state.reason()));
            case "FAILED", "COMPLETED" -> Optional.empty();
            default -> Optional.of(new ExitReason(FailureKind.INFRASTRUCTURE,
                    job + " ended with " + state.state() + " (" + state.reason() + ")"));
        };
    }
}
