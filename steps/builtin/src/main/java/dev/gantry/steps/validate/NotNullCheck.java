package dev.gantry.steps.validate;

import dev.gantry.steps.sdk.TableReader;
import java.util.Optional;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A column has no null values. */
record NotNullCheck(String column) implements Check {
    @Override
    public String describe() {
        return "column '" + column + "' must not be null";
    }

    @Override
    public Tally start(TableReader table) {
        if (!table.hasColumn(column)) {
            return Check.missingColumn(table, column);
        }
        return new Tally() {
            private long nulls;
            private long first = -1;

            @Override
            public void accept(VectorSchemaRoot batch, long firstRow) {
                FieldVector vector = batch.getVector(column);
                if (vector.getNullCount() == 0) {
                    return;
                }
                for (int i = 0; i < batch.getRowCount(); i++) {
                    if (vector.isNull(i)) {
                        if (nulls++ == 0) {
                            first = firstRow + i;
                        }
                    }
                }
            }

            @Override
            public Optional<String> violation(long rows) {
                return nulls == 0 ? Optional.empty() : Optional.of(describe() + ": " + nulls + " null"
                        + (nulls == 1 ? "" : "s") + ", the first at row " + first);
            }
        };
    }
}
