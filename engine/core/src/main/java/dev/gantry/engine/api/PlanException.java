package dev.gantry.engine.internal.plan;

/** A pipeline or selection that cannot be planned; the message names the step at fault. */
public final class PlanException extends RuntimeException {
    public PlanException(String message) {
        super(message);
    }
}
