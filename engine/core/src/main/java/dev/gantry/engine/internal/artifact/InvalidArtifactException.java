package dev.gantry.engine.internal.artifact;

import java.util.Optional;

/** An output whose content does not match its declared type, that is missing, or that holds what no output may. */
public final class InvalidArtifactException extends Exception {
    private final transient Optional<String> output;

    /** A problem with the output being checked. */
    public InvalidArtifactException(String message) {
        super(message);
        this.output = Optional.empty();
    }

    /** A problem found with output {@code output}, where the check spans several outputs. */
    public InvalidArtifactException(String output, String message) {
        super(message);
        this.output = Optional.of(output);
    }

    /** The output at fault, where the message's reader could not otherwise tell. */
    public Optional<String> output() {
        return output;
    }
}
