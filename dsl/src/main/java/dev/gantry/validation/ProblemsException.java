package dev.gantry.validation;

import dev.gantry.error.GantryException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Input that cannot be used as written, a pipeline or a settings file, with every problem found
 * in it, one a line: the {@code gantry} command ends with exit code 2 for it.
 */
public abstract class ProblemsException extends GantryException {
    private final List<Problem> problems;

    protected ProblemsException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a problem report needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    @Override
    public int exitCode() {
        return INVALID_INPUT;
    }

    /** The problems, in the order they were found or appear in the file. */
    public List<Problem> problems() {
        return problems;
    }
}
