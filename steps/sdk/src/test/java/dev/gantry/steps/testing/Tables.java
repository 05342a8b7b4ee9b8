package dev.gantry.steps.testing;

import dev.gantry.steps.sdk.Columns;
import dev.gantry.steps.sdk.TableReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;

/** Reads small tables whole, for assertions. */
public final class Tables {
    private Tables() {}

    /** Returns a column's values as text, empty for null. */
    public static List<Optional<String>> column(Path file, String name) {
        List<Optional<String>> values = new ArrayList<>();
        try (RootAllocator allocator = new RootAllocator(); TableReader reader = TableReader.open(file, allocator)) {
            while (reader.next()) {
                FieldVector vector = reader.column(name);
                Columns.TextColumn text = Columns.text(vector);
                for (int i = 0; i < reader.batch().getRowCount(); i++) {
                    values.add(vector.isNull(i) ? Optional.empty() : Optional.of(text.get(i)));
                }
            }
        }
        return values;
    }

    /** Returns a numeric column's values; nulls are NaN. */
    public static double[] numbers(Path file, String name) {
        List<Double> values = new ArrayList<>();
        try (RootAllocator allocator = new RootAllocator(); TableReader reader = TableReader.open(file, allocator)) {
            while (reader.next()) {
                FieldVector vector = reader.column(name);
                Columns.DoubleColumn doubles = Columns.doubles(vector);
                for (int i = 0; i < reader.batch().getRowCount(); i++) {
                    values.add(vector.isNull(i) ? Double.NaN : doubles.get(i));
                }
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Returns the column names and short types, as {@code name (type), ...}. */
    public static String schema(Path file) {
        try (RootAllocator allocator = new RootAllocator(); TableReader reader = TableReader.open(file, allocator)) {
            return TableReader.describeColumns(reader.schema());
        }
    }

    /** Returns the number of rows and of record batches. */
    public static long[] rowsAndBatches(Path file) {
        long rows = 0;
        try (RootAllocator allocator = new RootAllocator(); TableReader reader = TableReader.open(file, allocator)) {
            while (reader.next()) {
                rows += reader.batch().getRowCount();
            }
            return new long[] {rows, reader.batchCount()};
        }
    }
}
