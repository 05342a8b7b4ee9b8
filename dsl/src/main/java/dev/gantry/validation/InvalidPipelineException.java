package dev.gantry.validation;

import java.util.List;

/** A pipeline that cannot run, with every problem found in it, in the order they appear in the file. */
public final class InvalidPipelineException extends ProblemsException {
    public InvalidPipelineException(List<Problem> problems) {
        super(problems);
    }
}
