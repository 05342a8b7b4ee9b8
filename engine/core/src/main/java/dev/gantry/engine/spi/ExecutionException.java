package dev.gantry.engine.spi;

import dev.gantry.error.GantryException;
import dev.gantry.spec.FailureKind;

/**
 * A step that cannot be prepared or started, and what kind of failure that is: a missing code
 * file or program could not start; an image that cannot be pulled, or a daemon that went away, is
 * infrastructure. The message names the step and the cause. The step fails; the run goes on as
 * for any failed step.
 */
public final class ExecutionException extends GantryException {
    private final FailureKind kind;

    /** A step that could not start as written ({@link FailureKind#COULD_NOT_START}). */
    public ExecutionException(String message) {
        this(FailureKind.COULD_NOT_START, message);
    }

    public ExecutionException(FailureKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** What kind of failure it is. */
    public FailureKind kind() {
        return kind;
    }

    @Override
    public int exitCode() {
        return STEP_FAILED;
    }
}
