package dev.gantry.validation;

/**
 * A place in a pipeline file, 1-based, printed as {@code file:line:column}.
 *
 * @param file the file as the user named it
 * @param line line number, from 1
 * @param column column number, from 1
 */
public record SourceLocation(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
