package dev.gantry.settings;

import dev.gantry.error.GantryException;
import dev.gantry.validation.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** Settings that cannot be used as written, with every problem found in them. */
public final class InvalidSettingsException extends GantryException {
    private final List<Problem> problems;

    public InvalidSettingsException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("invalid settings need at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    @Override
    public int exitCode() {
        return INVALID_INPUT;
    }

    /** The problems, in the order they were found. */
    public List<Problem> problems() {
        return problems;
    }
}
