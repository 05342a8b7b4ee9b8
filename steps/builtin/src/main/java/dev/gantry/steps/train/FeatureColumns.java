package dev.gantry.steps.train;

import dev.gantry.steps.sdk.ColumnTypes;
import dev.gantry.steps.sdk.Columns;
import dev.gantry.steps.sdk.DataException;
import dev.gantry.steps.sdk.TableReader;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads the feature values of a batch in a model's feature order, checking that each is a
 * number: the shared row reader of {@code train} and {@code evaluate}.
 */
public final class FeatureColumns {
    private final Path file;
    private final List<String> names;
    private FieldVector[] vectors = new FieldVector[0];
    private Columns.DoubleColumn[] values = new Columns.DoubleColumn[0];

    private FeatureColumns(Path file, List<String> names) {
        this.file = file;
        this.names = List.copyOf(names);
    }

    /**
     * Returns the reader of the named feature columns of a table, or throws a {@link DataException}
     * for a column that is missing or not numeric, with the fix.
     */
    public static FeatureColumns of(TableReader table, List<String> names) {
        for (String name : names) {
            FieldVector vector = table.column(name);
            if (!ColumnTypes.isNumeric(vector.getField())) {
                throw DataException.inColumn(table.file(), name, "a feature must be a number, but the column is "
                        + ColumnTypes.name(vector.getField().getType())
                        + "; encode it with the features step, which one-hot encodes text columns");
            }
        }
        return new FeatureColumns(table.file(), names);
    }

    /** Binds the reader to the current batch. */
    public void bind(VectorSchemaRoot batch) {
        vectors = new FieldVector[names.size()];
        values = new Columns.DoubleColumn[names.size()];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = batch.getVector(names.get(i));
            values[i] = Columns.doubles(vectors[i]);
        }
    }

    /**
     * Fills {@code out} with the row's features.
     *
     * @param tableRow the row's number in the table, for the error message
     * @throws DataException when a value is null or NaN, which no model can use
     */
    public void read(int row, long tableRow, double[] out) {
        for (int i = 0; i < out.length; i++) {
            double value = vectors[i].isNull(row) ? Double.NaN : values[i].get(row);
            if (Double.isNaN(value)) {
                throw DataException.atRow(file, tableRow, names.get(i), "the value is "
                        + (vectors[i].isNull(row) ? "null" : "NaN")
                        + "; fill missing values first (the features step sets them to the training mean)");
            }
            out[i] = value;
        }
    }
}
