package dev.gantry.steps.sdk;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A value in an input is wrong. The message has the form {@code FILE:LINE: column 'C': PROBLEM}
 * for text files and {@code FILE: row R, column 'C': PROBLEM} for tables, where the problem
 * quotes the value at fault. Rows are counted from 0, lines from 1, as editors do.
 */
public final class DataException extends StepException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final Optional<String> column;
    private final Optional<Long> line;
    private final Optional<Long> row;

    private DataException(Path file, Optional<String> column, Optional<Long> line, Optional<Long> row,
            String message) {
        super(message);
        this.file = file;
        this.column = column;
        this.line = line;
        this.row = row;
    }

    /** A problem on one line of a text file, in one column or (with an empty column) the whole line. */
    public static DataException atLine(Path file, long line, Optional<String> column, String problem) {
        String message = file + ":" + line + ": " + column.map(c -> "column '" + c + "': ").orElse("") + problem;
        return new DataException(file, column, Optional.of(line), Optional.empty(), message);
    }

    /** A problem in one row of a table, in one column. */
    public static DataException atRow(Path file, long row, String column, String problem) {
        String message = file + ": row " + row + ", column '" + column + "': " + problem;
        return new DataException(file, Optional.of(column), Optional.empty(), Optional.of(row), message);
    }

    /** A problem with a column as a whole: it is missing or has the wrong type. */
    public static DataException inColumn(Path file, String column, String problem) {
        String message = file + ": column '" + column + "': " + problem;
        return new DataException(file, Optional.of(column), Optional.empty(), Optional.empty(), message);
    }

    /** A problem with the file as a whole, already worded with its location. */
    public static DataException inFile(Path file, String problem) {
        return new DataException(file, Optional.empty(), Optional.empty(), Optional.empty(), file + ": " + problem);
    }

    /** Returns the file at fault. */
    public Path file() {
        return file;
    }

    /** Returns the column at fault, when the problem is in one column. */
    public Optional<String> column() {
        return column;
    }

    /** Returns the 1-based line of a text file at fault, when there is one. */
    public Optional<Long> line() {
        return line;
    }

    /** Returns the 0-based table row at fault, when there is one. */
    public Optional<Long> row() {
        return row;
    }
}
