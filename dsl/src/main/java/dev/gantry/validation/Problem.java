package dev.gantry.validation;

import java.util.Comparator;
import java.util.Optional;

/**
 * One thing wrong with a pipeline. Pipelines read from a file carry the location of the
 * problem; pipelines built in Java name the step or field in the message instead.
 *
 * @param location where in the file, when the pipeline came from one
 * @param message what is wrong, as one sentence without a trailing period
 */
public record Problem(Optional<SourceLocation> location, String message) {
    /**
     * Orders problems as they appear in the file: by file, line and column, with problems that
     * have no location after all the others. Sorting with it is stable, so problems at the same
     * place, or without one, keep the order in which they were found.
     */
    public static final Comparator<Problem> FILE_ORDER = Comparator.comparing(
            (Problem p) -> p.location().isEmpty())
            .thenComparing(p -> p.location().map(SourceLocation::file).orElse(""))
            .thenComparingInt(p -> p.location().map(SourceLocation::line).orElse(0))
            .thenComparingInt(p -> p.location().map(SourceLocation::column).orElse(0));

    public static Problem at(SourceLocation location, String message) {
        return new Problem(Optional.of(location), message);
    }

    public static Problem of(String message) {
        return new Problem(Optional.empty(), message);
    }

    /** {@code file:line:column: message}, or the message alone. */
    @Override
    public String toString() {
        return location.map(l -> l + ": " + message).orElse(message);
    }
}
