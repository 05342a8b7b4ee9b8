package dev.gantry.engine.hash;

import java.io.IOException;

/** Long work stopped by its {@link Cancellation}: the step timed out, or the run was cancelled. */
public final class StoppedException extends IOException {
    public StoppedException(String message) {
        super(message);
    }
}
