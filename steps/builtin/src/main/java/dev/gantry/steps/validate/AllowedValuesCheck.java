package dev.gantry.steps.validate;

import dev.gantry.steps.sdk.Columns;
import dev.gantry.steps.sdk.TableReader;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A column's non-null values, as text, are all in a set. */
record AllowedValuesCheck(String column, Set<String> allowed) implements Check {
    @Override
    public String describe() {
        return "column '" + column + "' must be one of " + String.join(", ", new TreeSet<>(allowed));
    }

    @Override
    public Tally start(TableReader table) {
        if (!table.hasColumn(column)) {
            return Check.missingColumn(table, column);
        }
        return new Tally() {
            private long outside;
            private long first = -1;
            private String firstValue = "";

            @Override
            public void accept(VectorSchemaRoot batch, long firstRow) {
                FieldVector vector = batch.getVector(column);
                Columns.TextColumn values = Columns.text(vector);
                for (int i = 0; i < batch.getRowCount(); i++) {
                    if (!vector.isNull(i) && !allowed.contains(values.get(i)) && outside++ == 0) {
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
}
