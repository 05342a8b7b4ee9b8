package dev.gantry.settings;

import dev.gantry.validation.Problem;
import dev.gantry.validation.ProblemsException;
import java.util.List;

/** Settings that cannot be used as written, with every problem found in them. */
public final class InvalidSettingsException extends ProblemsException {
    public InvalidSettingsException(List<Problem> problems) {
        super(problems);
    }
}
