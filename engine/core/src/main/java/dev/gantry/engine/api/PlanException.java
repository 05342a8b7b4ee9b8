package dev.gantry.engine.api;

import dev.gantry.error.GantryException;

/** A pipeline or selection that cannot be planned; the message names the step at fault. */
public final class PlanException extends GantryException {
    public PlanException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return INVALID_INPUT;
    }
}
