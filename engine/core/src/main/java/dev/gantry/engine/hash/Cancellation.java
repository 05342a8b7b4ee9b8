package dev.gantry.engine.hash;

/**
 * Asked between blocks of long work, such as hashing a large output, whether to go on: a step's
 * timeout covers checking and storing its outputs too, and cancelling a run stops them at once.
 */
@FunctionalInterface
public interface Cancellation {
    /** Work that nothing stops. */
    Cancellation NONE = () -> {};

    /**
     * Returns if the work may go on.
     *
     * @throws StoppedException saying why it must stop (the step timed out, the run was cancelled)
     */
    void check() throws StoppedException;
}
