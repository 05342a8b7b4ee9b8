package dev.gantry.steps.sdk;

/**
 * The root of every failure a step reports on purpose. Its message is written for the person
 * who runs the step: it names the file, column, line or row and value at fault, and where it
 * can, the fix. The {@code gantry-step} entry point prints the message on one line and exits
 * with {@link #exitCode()}, without a stack trace unless {@code --stacktrace} is given.
 */
public class StepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exit code for a step whose work failed: bad data, failed checks, a failed gate. */
    public static final int FAILED = 1;
    /** The exit code for invalid usage: an unknown, missing or malformed flag. */
    public static final int USAGE = 2;

    private final int exitCode;

    /** Creates a failure with exit code {@link #FAILED}. */
    public StepException(String message) {
        this(message, FAILED, null);
    }

    /** Creates a failure with exit code {@link #FAILED} that keeps its cause for {@code --stacktrace}. */
    public StepException(String message, Throwable cause) {
        this(message, FAILED, cause);
    }

    /** Creates a failure with the given exit code and an optional cause (null when there is none). */
    protected StepException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Returns the process exit code that reports this failure. */
    public int exitCode() {
        return exitCode;
    }
}
