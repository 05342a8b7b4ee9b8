package dev.gantry.steps.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits CSV text into records as RFC 4180 describes: fields separated by a delimiter, optionally
 * in double quotes, a doubled quote standing for one inside quotes, line breaks allowed inside
 * quotes. Lines end in LF, CRLF or CR; blank lines are skipped; a byte-order mark is dropped. It
 * holds one record at a time, so files of any size stream through it.
 */
final class CsvReader implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final Reader in;
    private final char delimiter;
    private final char[] buffer = new char[BUFFER];
    private final StringBuilder field = new StringBuilder();
    private int position;
    private int limit;
    private long line = 1;
    private boolean started;

    CsvReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** Returns the next record, or empty at the end of the text. */
    Optional<CsvRecord> next() throws IOException {
        if (!started) {
            started = true;
            if (fill() && buffer[position] == '\uFEFF') {
                position++;
            }
        }
        while (true) {
            int c = read();
            if (c < 0) {
                return Optional.empty();
            }
            if (c == '\n') {
                line++;
            } else if (c == '\r') {
                skipNewlineAfterCarriageReturn();
                line++;
            } else {
                position--;
                return Optional.of(record());
            }
        }
    }

    /** Returns the line the reader is on, for problems found after the last record. */
    long line() {
        return line;
    }

    private CsvRecord record() throws IOException {
        long start = line;
        List<String> fields = new ArrayList<>();
        Optional<String> problem = Optional.empty();
        while (true) {
            field.setLength(0);
            int c = read();
            int end;
            if (c == '"') {
                long quoteLine = line;
                end = quoted();
                if (end == -2) {
                    fields.add(field.toString());
                    return new CsvRecord(start, fields, Optional.of(
                            "the quoted field that starts on line " + quoteLine + " never ends"));
                }
                if (end != delimiter && end != '\n' && end != '\r' && end >= 0) {
                    problem = problem.or(() -> Optional.of("text after the closing quote of field "
                            + (fields.size() + 1)));
                    end = skipField();
                }
            } else {
                if (c >= 0) {
                    position--;
                }
                end = unquoted();
            }
            fields.add(field.toString());
            if (end == delimiter) {
                continue;
            }
            if (end == '\r') {
                skipNewlineAfterCarriageReturn();
            }
            if (end == '\n' || end == '\r') {
                line++;
            }
            return new CsvRecord(start, fields, problem);
        }
    }

    /** Reads an unquoted field; returns the character that ended it, or -1 at the end of the text. */
    private int unquoted() throws IOException {
        while (true) {
            if (position >= limit && !fill()) {
                return -1;
            }
            int from = position;
            while (position < limit) {
                char c = buffer[position];
                if (c == delimiter || c == '\n' || c == '\r') {
                    field.append(buffer, from, position - from);
                    position++;
                    return c;
                }
                position++;
            }
            field.append(buffer, from, position - from);
        }
    }

    /** Reads a quoted field after its opening quote; returns what follows the closing quote, -2 if none. */
    private int quoted() throws IOException {
        while (true) {
            int c = read();
            if (c < 0) {
                return -2;
            }
            if (c == '"') {
                int after = read();
                if (after == '"') {
                    field.append('"');
                    continue;
                }
                return after;
            }
            if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            field.append((char) c);
        }
    }

    private int skipField() throws IOException {
        while (true) {
            int c = read();
            if (c < 0 || c == delimiter || c == '\n' || c == '\r') {
                return c;
            }
        }
    }

    private void skipNewlineAfterCarriageReturn() throws IOException {
        if (peek() == '\n') {
            position++;
        }
    }

    private int read() throws IOException {
        if (position >= limit && !fill()) {
            return -1;
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (position >= limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        while (n == 0) {
            n = in.read(buffer, 0, buffer.length);
        }
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
