package dev.gantry.steps.split;

import dev.gantry.steps.sdk.Columns;
import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Metrics;
import dev.gantry.steps.sdk.ParamException;
import dev.gantry.steps.sdk.Seeds;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import dev.gantry.steps.sdk.TableReader;
import dev.gantry.steps.sdk.TableWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** The {@code split} step: seeded, optionally stratified train/test(/validation) split, streaming. */
public final class SplitStep implements Step {
    /** The one stratum of a split that is not stratified. */
    private static final String WHOLE_TABLE = "";

    static final Flag<Path> TABLE = Flag.input("table", "The Arrow table to split.");
    static final Flag<Path> TRAIN = Flag.output("train", "The training rows.");
    static final Flag<Path> TEST = Flag.output("test", "The test rows.");
    static final Flag<Path> VALIDATION = Flag.output("validation", "Optional: the validation rows.");
    static final Flag<Double> TEST_FRACTION = Flag.number("test-fraction", "The share of each stratum that goes to test.")
            .withDefault(0.2).require(x -> x > 0 && x < 1, "between 0 and 1 (exclusive)");
    static final Flag<Double> VALIDATION_FRACTION = Flag.number("validation-fraction",
            "The share of each stratum that goes to validation; needs --validation.")
            .withDefault(0.0).require(x -> x >= 0 && x < 1, "at least 0 and below 1");
    static final Flag<String> STRATIFY_BY = Flag.string("stratify-by",
            "Optional: a column (usually the label) whose every value is split in the same proportions.")
            .withLabel("COLUMN");
    static final Flag<Long> SEED = Flag.longInteger("seed", "The random seed: the same seed and table give "
            + "byte-identical outputs.").withDefault(42L);
    static final Flag<Integer> BATCH_ROWS = Flag.integer("batch-rows", "Rows per record batch of the outputs.")
            .withDefault(TableWriter.DEFAULT_BATCH_ROWS).require(n -> n >= 1, "at least 1");
    static final Flag<Path> METRICS = Flag.output("metrics",
            "Optional: train_rows, test_rows, validation_rows and strata as metrics JSON.");

    @Override
    public String name() {
        return "split";
    }

    @Override
    public String summary() {
        return "Splits a table into train, test and optional validation tables: seeded, stratified, deterministic.";
    }

    @Override
    public String description() {
        return "Splits a table into train and test tables, and a validation table when asked. With --stratify-by, "
                + "every value of that column is split in the same proportions (each stratum's test count is its "
                + "size times --test-fraction, rounded). Rows keep their order. The choice is seeded selection "
                + "sampling: two passes over the table and no memory per row, and the same seed gives "
                + "byte-identical outputs.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(TABLE, TRAIN, TEST, VALIDATION, TEST_FRACTION, VALIDATION_FRACTION, STRATIFY_BY, SEED,
                BATCH_ROWS, METRICS);
    }

    @Override
    public void run(StepContext context) throws IOException {
        Path table = context.input(TABLE);
        double testFraction = context.get(TEST_FRACTION);
        double validationFraction = context.get(VALIDATION_FRACTION);
        Optional<Path> validation = context.optionalOutput(VALIDATION);
        if (validation.isPresent() != validationFraction > 0) {
            throw new ParamException(validation.isPresent()
                    ? "--validation needs --validation-fraction above 0"
                    : "--validation-fraction " + validationFraction + " needs --validation to say where the rows go");
        }
        if (testFraction + validationFraction >= 1) {
            throw new ParamException("--test-fraction plus --validation-fraction must be below 1, was "
                    + (testFraction + validationFraction));
        }
        Optional<String> stratifyBy = context.find(STRATIFY_BY);
        Map<String, Long> strata = countStrata(context, table, stratifyBy);
        long seed = context.get(SEED);
        Map<String, Allocation> allocations = new HashMap<>();
        strata.forEach((key, rows) -> allocations.put(key,
                new Allocation(rows, testFraction, validationFraction, Seeds.mix(seed, key.hashCode(), 0))));
        Map<String, Long> counts = route(context, table, stratifyBy, allocations, validation);
        context.log("split: " + counts.get("train_rows") + " train, " + counts.get("test_rows") + " test"
                + (validation.isPresent() ? ", " + counts.get("validation_rows") + " validation" : "")
                + " rows from " + table + (stratifyBy.isPresent() ? ", stratified by " + stratifyBy.get() + " ("
                + strata.size() + " strata)" : ""));
        if (context.find(METRICS).isPresent()) {
            Map<String, Number> metrics = new LinkedHashMap<>(counts);
            metrics.put("strata", strata.size());
            Metrics.write(context.output(METRICS), metrics);
        }
    }

    /** First pass: the number of rows of each stratum (one stratum when not stratified). */
    private static Map<String, Long> countStrata(StepContext context, Path table, Optional<String> stratifyBy) {
        Map<String, Long> strata = new TreeMap<>();
        try (TableReader reader = TableReader.open(table, context.allocator())) {
            if (stratifyBy.isPresent()) {
                reader.column(stratifyBy.get());
            }
            while (reader.next()) {
                VectorSchemaRoot batch = reader.batch();
                if (stratifyBy.isEmpty()) {
                    strata.merge(WHOLE_TABLE, (long) batch.getRowCount(), Long::sum);
                    continue;
                }
                FieldVector column = batch.getVector(stratifyBy.get());
                Columns.TextColumn text = Columns.text(column);
                for (int i = 0; i < batch.getRowCount(); i++) {
                    strata.merge(key(column, text, i), 1L, Long::sum);
                }
            }
        }
        return strata;
    }

    /** Second pass: deals every row to its table. */
    private static Map<String, Long> route(StepContext context, Path table, Optional<String> stratifyBy,
            Map<String, Allocation> allocations, Optional<Path> validation) {
        int batchRows = context.get(BATCH_ROWS);
        try (TableReader reader = TableReader.open(table, context.allocator());
                Outputs outputs = new Outputs(context, reader.schema(), batchRows, validation)) {
            while (reader.next()) {
                VectorSchemaRoot batch = reader.batch();
                IntFunction<Allocation> allocationOf = stratifyBy.isPresent()
                        ? strataOf(batch, stratifyBy.get(), allocations)
                        : row -> allocations.get(WHOLE_TABLE);
                for (int i = 0; i < batch.getRowCount(); i++) {
                    outputs.router(allocationOf.apply(i).next()).copy(batch, i);
                }
            }
            return outputs.finish();
        }
    }

    private static IntFunction<Allocation> strataOf(VectorSchemaRoot batch, String stratifyBy,
            Map<String, Allocation> allocations) {
        FieldVector column = batch.getVector(stratifyBy);
        Columns.TextColumn text = Columns.text(column);
        return row -> allocations.get(key(column, text, row));
    }

    /** The output tables, the validation one only when asked for. */
    private static final class Outputs implements AutoCloseable {
        private final Map<Allocation.Part, TableWriter> writers = new EnumMap<>(Allocation.Part.class);
        private final Map<Allocation.Part, RowRouter> routers = new EnumMap<>(Allocation.Part.class);

        Outputs(StepContext context, Schema schema, int batchRows, Optional<Path> validation) {
            try {
                open(Allocation.Part.TRAIN, context.output(TRAIN), context, schema, batchRows);
                open(Allocation.Part.TEST, context.output(TEST), context, schema, batchRows);
                if (validation.isPresent()) {
                    open(Allocation.Part.VALIDATION, validation.get(), context, schema, batchRows);
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        private void open(Allocation.Part part, Path file, StepContext context, Schema schema, int batchRows) {
            TableWriter writer = TableWriter.create(file, schema, context.allocator(), batchRows);
            writers.put(part, writer);
            routers.put(part, new RowRouter(writer, batchRows));
        }

        RowRouter router(Allocation.Part part) {
            return routers.get(part);
        }

        Map<String, Long> finish() {
            Map<String, Long> counts = new LinkedHashMap<>();
            routers.forEach((part, router) -> counts.put(part.name().toLowerCase(Locale.ROOT) + "_rows", router.finish()));
            return counts;
        }

        @Override
        public void close() {
            writers.values().forEach(TableWriter::close);
        }
    }

    private static String key(FieldVector column, Columns.TextColumn text, int row) {
        return column.isNull(row) ? "\u0000null" : text.get(row);
    }
}
