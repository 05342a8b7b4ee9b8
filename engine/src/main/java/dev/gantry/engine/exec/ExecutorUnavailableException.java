package dev.gantry.engine.exec;

/**
 * An executor that cannot run anything here, such as a Docker daemon that does not answer.
 * The message says what to check.
 */
public final class ExecutorUnavailableException extends RuntimeException {
    public ExecutorUnavailableException(String message) {
        super(message);
    }

    public ExecutorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
