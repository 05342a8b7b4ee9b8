package dev.gantry.engine.spi;

/** A step that cannot be started; the message names the step and the cause. */
public final class ExecutionException extends RuntimeException {
    public ExecutionException(String message) {
        super(message);
    }
}
