package dev.gantry.steps.validate;

import dev.gantry.steps.sdk.ColumnTypes;
import dev.gantry.steps.sdk.Columns;
import dev.gantry.steps.sdk.TableReader;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A numeric column's non-null values lie within bounds (inclusive); NaN lies outside any bounds. */
record RangeCheck(String column, OptionalDouble min, OptionalDouble max) implements Check {
    @Override
    public String describe() {
        String bounds;
        if (min.isPresent() && max.isPresent()) {
            bounds = "between " + format(min.getAsDouble()) + " and " + format(max.getAsDouble());
        } else if (min.isPresent()) {
            bounds = "at least " + format(min.getAsDouble());
        } else {
            bounds = "at most " + format(max.getAsDouble());
        }
        return "column '" + column + "' must be " + bounds;
    }

    @Override
    public Tally start(TableReader table) {
        if (!table.hasColumn(column)) {
            return Check.missingColumn(table, column);
        }
        FieldVector column0 = table.column(column);
        if (!ColumnTypes.isNumeric(column0.getField())) {
            return Check.failed(describe() + ", but it is " + ColumnTypes.name(column0.getField().getType())
                    + ", not a number");
        }
        double low = min.orElse(Double.NEGATIVE_INFINITY);
        double high = max.orElse(Double.POSITIVE_INFINITY);
        return new Tally() {
            private long outside;
            private long first = -1;
            private String firstValue = "";

            @Override
            public void accept(VectorSchemaRoot batch, long firstRow) {
                FieldVector vector = batch.getVector(column);
                Columns.DoubleColumn values = Columns.doubles(vector);
                for (int i = 0; i < batch.getRowCount(); i++) {
                    if (vector.isNull(i)) {
                        continue;
                    }
                    double value = values.get(i);
                    if (!(value >= low && value <= high) && outside++ == 0) {
                        first = firstRow + i;
                        firstValue = Columns.display(vector, i);
                    }
                }
            }

            @Override
            public Optional<String> violation(long rows) {
                return outside == 0 ? Optional.empty() : Optional.of(describe() + ": " + outside + " value"
                        + (outside == 1 ? " is" : "s are") + " not, the first at row " + first + ": " + firstValue);
            }
        };
    }

    /** Writes a bound without a needless ".0". */
    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
