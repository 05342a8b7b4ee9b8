package dev.gantry.steps.sdk;

/**
 * A flag or parameter is missing or has a value the step cannot use. The message names the
 * flag (or the environment variable the value came from), what it must be, and the value.
 */
public final class ParamException extends StepException {
    private static final long serialVersionUID = 1L;

    /** Creates the failure; it exits with {@link StepException#USAGE}. */
    public ParamException(String message) {
        super(message, USAGE, null);
    }
}
