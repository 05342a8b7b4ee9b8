package dev.gantry.steps.sdk;

import java.nio.file.Path;

/**
 * An input or output file cannot be used at all: it is missing, unreadable, not the format it
 * should be, or cannot be written. Problems inside a readable file are {@link DataException}s.
 */
public final class ArtifactException extends StepException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** Creates the failure; the message starts with the file's path. */
    public ArtifactException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** Creates the failure and keeps its cause, whose first line is appended to the message. */
    public ArtifactException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem + " (" + firstLine(cause) + ")", cause);
        this.file = file;
    }

    /** Returns the file at fault. */
    public Path file() {
        return file;
    }

    static String firstLine(Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
