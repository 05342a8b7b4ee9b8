package dev.gantry.steps.deploy;

import dev.gantry.steps.sdk.StepException;

/** A server could not be started or did not become healthy; the message quotes the end of its log. */
public final class ServingException extends StepException {
    private static final long serialVersionUID = 1L;

    ServingException(String message) {
        super(message);
    }
}
