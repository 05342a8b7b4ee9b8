package dev.gantry.engine.spi;

import java.time.Duration;
import java.util.Optional;

/** An attempt that has started. */
public interface RunningStep {
    /**
     * Waits for the attempt to end, at most {@code timeout} when one is given.
     *
     * @return the exit code, or empty if the timeout passed first (the attempt still runs)
     */
    Optional<Integer> waitFor(Optional<Duration> timeout) throws InterruptedException;

    /** Stops the attempt and everything it started; returns once it has ended. */
    void kill();

    /**
     * Why the attempt failed, in the executor's terms, once {@link #waitFor} has returned a
     * non-zero exit code: {@link dev.gantry.spec.FailureKind#OUT_OF_MEMORY} for a container the
     * kernel killed. Empty means the exit code says it all.
     */
    default Optional<ExitReason> failureReason() {
        return Optional.empty();
    }

    /**
     * The attempt's process on this machine, for the run store: present for a local process,
     * empty for a container, which its executor finds by its labels.
     */
    default Optional<HostProcess> hostProcess() {
        return Optional.empty();
    }
}
