package dev.gantry.engine.artifact;

/** An output whose content does not match its declared type, or that is missing. */
public final class InvalidArtifactException extends Exception {
    public InvalidArtifactException(String message) {
        super(message);
    }
}
