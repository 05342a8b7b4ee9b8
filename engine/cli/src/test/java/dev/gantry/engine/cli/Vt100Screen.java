package dev.gantry.engine.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small model of a VT100 screen, for reading what a program wrote to a pseudo-terminal as a
 * person would see it: printable characters, CR, LF, cursor up ({@code ESC [ n A}), erase in
 * line ({@code ESC [ K}) and in display ({@code ESC [ J}), and colours ({@code ESC [ ... m}),
 * which it ignores. Lines that scroll off the top are kept. Any other escape sequence fails, so
 * a display that starts using one must be modelled here first.
 */
final class Vt100Screen {
    private final int columns;
    private final char[][] cells;
    private final List<String> scrolledOff = new ArrayList<>();
    private int row;
    private int column;
    /** How many times a character was written past the last column, so that the line wrapped. */
    private int wraps;

    Vt100Screen(int columns, int rows) {
        this.columns = columns;
        this.cells = new char[rows][columns];
        for (char[] line : cells) {
            Arrays.fill(line, ' ');
        }
    }

    /** Applies {@code text}, as the terminal received it. */
    Vt100Screen apply(String text) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\u001b') {
                i = escape(text, i);
                continue;
            }
            if (c == '\r') {
                column = 0;
            } else if (c == '\n') {
                lineFeed();
            } else if (c == '\u0007' || c == '\b' || c == '\t' || Character.isISOControl(c)) {
                throw new AssertionError("unexpected control character " + (int) c + " at " + i);
            } else {
                if (column == columns) {
                    wraps++;
                    column = 0;
                    lineFeed();
                }
                cells[row][column++] = c;
            }
            i++;
        }
        return this;
    }

    private int escape(String text, int start) {
        if (start + 1 >= text.length() || text.charAt(start + 1) != '[') {
            throw new AssertionError("unexpected escape at " + start + ": " + excerpt(text, start));
        }
        int end = start + 2;
        while (end < text.length() && (text.charAt(end) < '@' || text.charAt(end) > '~')) {
            end++;
        }
        String parameters = text.substring(start + 2, end);
        char command = text.charAt(end);
        int n = parameters.isEmpty() ? 1 : Integer.parseInt(parameters.split(";")[0].isEmpty() ? "1" : parameters.split(";")[0]);
        switch (command) {
            case 'A' -> row = Math.max(0, row - n);
            case 'K' -> Arrays.fill(cells[row], Math.min(column, columns), columns, ' ');
            case 'J' -> {
                Arrays.fill(cells[row], Math.min(column, columns), columns, ' ');
                for (int r = row + 1; r < cells.length; r++) {
                    Arrays.fill(cells[r], ' ');
                }
            }
            case 'm' -> { }
            default -> throw new AssertionError("unexpected sequence at " + start + ": " + excerpt(text, start));
        }
        return end + 1;
    }

    private void lineFeed() {
        if (row == cells.length - 1) {
            scrolledOff.add(new String(cells[0]).stripTrailing());
            System.arraycopy(cells, 1, cells, 0, cells.length - 1);
            cells[cells.length - 1] = new char[columns];
            Arrays.fill(cells[cells.length - 1], ' ');
        } else {
            row++;
        }
    }

    private static String excerpt(String text, int at) {
        return text.substring(at + 1, Math.min(text.length(), at + 12));
    }

    /** How many times a line was wider than the screen and wrapped. */
    int wraps() {
        return wraps;
    }

    /** Every line shown, those that scrolled off first, without trailing spaces or the blank lines at the end. */
    List<String> lines() {
        List<String> all = new ArrayList<>(scrolledOff);
        for (char[] line : cells) {
            all.add(new String(line).stripTrailing());
        }
        while (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
            all.remove(all.size() - 1);
        }
        return all;
    }
}
