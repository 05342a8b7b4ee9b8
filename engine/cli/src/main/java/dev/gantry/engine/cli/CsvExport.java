package dev.gantry.engine.cli;

import dev.gantry.engine.ArrowTables;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A table written as CSV (RFC 4180): a header row of column names, then every row; a cell with
 * a comma, a quote or a line break is quoted, and a null is an empty cell.
 */
final class CsvExport {
    private CsvExport() {}

    /** Writes the {@code columns} (all when empty) of every row of {@code table} to {@code target}; returns the rows written. */
    static long write(Path table, List<String> columns, Path target) throws IOException {
        List<ArrowTables.Column> all = ArrowTables.page(table, 0, 0).columns();
        int[] chosen = TableColumns.choose(all, columns);
        long[] written = {0};
        try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            line(out, List.of((Object[]) TableColumns.names(all, chosen)));
            ArrowTables.eachRow(table, row -> {
                try {
                    line(out, TableColumns.pick(row, chosen));
                    written[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return written[0];
    }

    private static void line(BufferedWriter out, List<Object> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            Object value = cells.get(i);
            out.write(value == null ? "" : quoted(value instanceof Double d ? Numbers.format(d) : value.toString()));
        }
        out.write("\r\n");
    }

    private static String quoted(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }
}
