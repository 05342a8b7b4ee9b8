package dev.gantry.steps.csv;

import dev.gantry.steps.sdk.Columns;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Turns a record's fields into a row of typed cells. A row is converted whole before any cell is
 * set, so a bad row leaves the batch as it was.
 */
final class RowConverter {
    private final List<String> names;
    private final CellType[] types;
    private final Set<String> nullTokens;
    private final Object[] values;

    RowConverter(List<String> names, CellType[] types, Set<String> nullTokens) {
        this.names = names;
        this.types = types;
        this.nullTokens = nullTokens;
        this.values = new Object[types.length];
    }

    /** What is wrong with a row: the column at fault, when it is one column, and the problem. */
    record Problem(Optional<String> column, String text) {}

    /** Converts a record; returns the problem (for a bad row) or empty when every cell converted. */
    Optional<Problem> convert(CsvRecord record) {
        if (record.problem().isPresent()) {
            return Optional.of(new Problem(Optional.empty(), record.problem().get()));
        }
        List<String> fields = record.fields();
        if (fields.size() != types.length) {
            return Optional.of(new Problem(Optional.empty(),
                    "expected " + types.length + " fields, found " + fields.size()));
        }
        for (int column = 0; column < types.length; column++) {
            String text = fields.get(column);
            if (nullTokens.contains(text)) {
                values[column] = null;
                continue;
            }
            Optional<Object> value = types[column].parse(text);
            if (value.isEmpty()) {
                return Optional.of(new Problem(Optional.of(names.get(column)),
                        "'" + text + "' is not " + article(types[column]) + " " + types[column].label()));
            }
            values[column] = value.get();
        }
        return Optional.empty();
    }

    /** Sets the last converted row as row {@code row} of the batch. */
    void setRow(VectorSchemaRoot root, int row) {
        for (int column = 0; column < types.length; column++) {
            FieldVector vector = root.getVector(column);
            Object value = values[column];
            if (value == null) {
                vector.setNull(row);
                continue;
            }
            switch (types[column]) {
                case BOOL:
                    ((BitVector) vector).setSafe(row, (Boolean) value ? 1 : 0);
                    break;
                case INT64:
                    ((BigIntVector) vector).setSafe(row, (Long) value);
                    break;
                case FLOAT64:
                    ((Float8Vector) vector).setSafe(row, (Double) value);
                    break;
                default:
                    Columns.setString((VarCharVector) vector, row, (String) value);
                    break;
            }
        }
    }

    private static String article(CellType type) {
        return type == CellType.INT64 ? "an" : "a";
    }
}
