package dev.gantry.error;

/**
 * The root of Gantry's own exceptions. Each kind of problem is a subclass of its own, and says
 * which exit code the {@code gantry} command ends with for it, so that bad input is never
 * reported as a broken store, nor a broken store as bad input. Messages name the file, step or
 * value at fault and, where there is one, the fix.
 */
public abstract class GantryException extends RuntimeException {
    /** Exit code of a run in which a step failed, or that was cancelled. */
    public static final int STEP_FAILED = 1;
    /** Exit code of invalid usage or input: a bad pipeline, option or value, an executor that cannot run here. */
    public static final int INVALID_INPUT = 2;
    /** Exit code of a failure of the store, or of Gantry itself. */
    public static final int STORE_OR_INTERNAL = 3;

    protected GantryException(String message) {
        super(message);
    }

    protected GantryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exit code the {@code gantry} command ends with for this problem. */
    public abstract int exitCode();
}
