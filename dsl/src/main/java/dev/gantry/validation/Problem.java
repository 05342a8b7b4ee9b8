package dev.gantry.validation;

import java.util.Optional;

/**
 * One thing wrong with a pipeline. Pipelines read from a file carry the location of the
 * problem; pipelines built in Java name the step or field in the message instead.
 *
 * @param location where in the file, when the pipeline came from one
 * @param message what is wrong, as one sentence without a trailing period
 */
public record Problem(Optional<SourceLocation> location, String message) {
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
