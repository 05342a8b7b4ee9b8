package dev.gantry.validation;

import dev.gantry.error.GantryException;
import java.util.List;
import java.util.stream.Collectors;

/** A pipeline that cannot run, with every problem found in it. */
public final class InvalidPipelineException extends GantryException {
    private final List<Problem> problems;

    public InvalidPipelineException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid pipeline needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    @Override
    public int exitCode() {
        return INVALID_INPUT;
    }

    /** The problems, in the order they appear in the file. */
    public List<Problem> problems() {
        return problems;
    }
}
