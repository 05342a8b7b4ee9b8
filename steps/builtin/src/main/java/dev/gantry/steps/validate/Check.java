package dev.gantry.steps.validate;

import dev.gantry.steps.sdk.TableReader;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One declarative check on a table. Checking is one streaming pass: each check makes a
 * {@link Tally} for the table, the tally sees every batch, and at the end says whether the check
 * held and, if not, why, with the count and the first row at fault.
 */
interface Check {
    /** Returns what the check requires, as in "column 'x' must not be null". */
    String describe();

    /** Returns a tally bound to the table's columns. */
    Tally start(TableReader table);

    /** Counts what a check needs to know about the rows seen so far. */
    interface Tally {
        /** Looks at one batch, whose first row is row {@code firstRow} of the table. */
        void accept(VectorSchemaRoot batch, long firstRow);

        /** Returns why the check failed on a table of {@code rows} rows, or empty when it held. */
        Optional<String> violation(long rows);
    }

    /** A tally for a check that cannot be run, such as one on a missing column: it always fails. */
    static Tally failed(String reason) {
        return new Tally() {
            @Override
            public void accept(VectorSchemaRoot batch, long firstRow) {}

            @Override
            public Optional<String> violation(long rows) {
                return Optional.of(reason);
            }
        };
    }

    /** Returns the failing tally for a column the table lacks. */
    static Tally missingColumn(TableReader table, String column) {
        return failed("column '" + column + "' is missing; the table has " + TableReader.describeColumns(table.schema()));
    }
}
