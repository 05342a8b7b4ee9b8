package dev.gantry.steps.validate;

import dev.gantry.steps.sdk.TableReader;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The table's row count lies within bounds (inclusive). */
record RowCountCheck(OptionalLong min, OptionalLong max) implements Check {
    @Override
    public String describe() {
        if (min.isPresent() && max.isPresent()) {
            return "the table must have between " + min.getAsLong() + " and " + max.getAsLong() + " rows";
        }
        return min.isPresent() ? "the table must have at least " + min.getAsLong() + " rows"
                : "the table must have at most " + max.getAsLong() + " rows";
    }

    @Override
    public Tally start(TableReader table) {
        return new Tally() {
            @Override
            public void accept(VectorSchemaRoot batch, long firstRow) {}

            @Override
            public Optional<String> violation(long rows) {
                boolean ok = rows >= min.orElse(0) && rows <= max.orElse(Long.MAX_VALUE);
                return ok ? Optional.empty() : Optional.of(describe() + ": it has " + rows);
            }
        };
    }
}
