package dev.gantry.engine.spi;

import dev.gantry.error.GantryException;

/**
 * An executor that cannot run anything here, such as a Docker daemon that does not answer.
 * The message says what to check.
 */
public final class ExecutorUnavailableException extends GantryException {
    private final String reason;

    /**
     * @param message the whole message, with what to check
     * @param reason why, in a few words for a one-line notice, such as
     *     {@code no Docker daemon answers at unix:///var/run/docker.sock}
     */
    public ExecutorUnavailableException(String message, String reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why, in a few words. */
    public String reason() {
        return reason;
    }

    @Override
    public int exitCode() {
        return INVALID_INPUT;
    }
}
