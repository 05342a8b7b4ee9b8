package dev.gantry.engine.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of text in aligned columns, two spaces apart, that fit a terminal's width: while the
 * table is too wide its widest column (the last of equals, of those not kept whole) gives up a character, and a cell
 * cut short ends in {@code …}.
 */
final class TextTable {
    /** The width output is fitted to: $COLUMNS when it is a number, else 80. */
    static final int WIDTH = terminalWidth();
    private static final int GAP = 2;
    private static final int NARROWEST = 4;

    private final List<String> headers;
    private final boolean[] right;
    private final boolean[] fixed;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column headers; a table without a header row takes all blank ones. */
    TextTable(String... headers) {
        this.headers = List.of(headers);
        this.right = new boolean[headers.length];
        this.fixed = new boolean[headers.length];
    }

    /** Keeps column {@code column} whole, as ids that people copy must be: other columns give way. */
    TextTable keepWhole(int column) {
        fixed[column] = true;
        return this;
    }

    /** Aligns column {@code column} (from 0) to the right, as numbers are. */
    TextTable alignRight(int column) {
        right[column] = true;
        return this;
    }

    TextTable add(List<String> row) {
        if (row.size() != headers.size()) {
            throw new IllegalArgumentException("a row of " + row.size() + " cells in a table of " + headers.size());
        }
        rows.add(List.copyOf(row));
        return this;
    }

    TextTable add(String... row) {
        return add(Arrays.asList(row));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The header row (when any header is given) and every row, fitted to {@link #WIDTH}. */
    List<String> lines() {
        return lines(WIDTH);
    }

    List<String> lines(int width) {
        boolean withHeader = headers.stream().anyMatch(h -> !h.isEmpty());
        List<List<String>> all = new ArrayList<>();
        if (withHeader) {
            all.add(headers);
        }
        all.addAll(rows);
        int[] widths = new int[headers.size()];
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        while (total(widths) > width) {
            int widest = -1;
            for (int i = 0; i < widths.length; i++) {
                if (!fixed[i] && (widest < 0 || widths[i] >= widths[widest])) {
                    widest = i;
                }
            }
            if (widest < 0 || widths[widest] <= NARROWEST) {
                break;
            }
            widths[widest]--;
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = cut(row.get(i), widths[i]);
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(right[i] ? pad + cell : cell + pad);
                if (i < widths.length - 1) {
                    line.append(" ".repeat(GAP));
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    void print() {
        lines().forEach(System.out::println);
    }

    private static int total(int[] widths) {
        return Arrays.stream(widths).sum() + GAP * (widths.length - 1);
    }

    /** {@code text} cut to {@code width} characters, its last one {@code …} when it was longer. */
    static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(0, width - 1)) + "…";
    }

    private static int terminalWidth() {
        String columns = System.getenv("COLUMNS");
        try {
            return columns == null ? 80 : Math.max(20, Integer.parseInt(columns.trim()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
