package dev.gantry.steps.features;

import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import dev.gantry.steps.sdk.TableWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code features-apply} step: applies a saved feature transform to a table. */
public final class FeaturesApplyStep implements Step {
    static final Flag<Path> TRANSFORM = Flag.input("transform", "The transform the features step saved.");
    static final Flag<Path> TABLE = Flag.input("table", "The table to transform; its label column may be absent.");
    static final Flag<Path> OUT = Flag.output("out", "The transformed table.");
    static final Flag<Integer> BATCH_ROWS = Flag.integer("batch-rows", "Rows per record batch of the output.")
            .withDefault(TableWriter.DEFAULT_BATCH_ROWS).require(n -> n >= 1, "at least 1");

    @Override
    public String name() {
        return "features-apply";
    }

    @Override
    public String summary() {
        return "Applies a saved feature transform to a table.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(TRANSFORM, TABLE, OUT, BATCH_ROWS);
    }

    @Override
    public void run(StepContext context) throws IOException {
        FeatureTransform transform = FeatureTransform.read(context.input(TRANSFORM));
        apply(context, new TransformApplier(transform), context.input(TABLE), context.output(OUT),
                context.get(BATCH_ROWS));
    }

    static void apply(StepContext context, TransformApplier applier, Path table, Path out, int batchRows) {
        List<String> ignored = new ArrayList<>();
        long rows = applier.apply(table, out, context.allocator(), batchRows, ignored);
        context.log("features: transformed " + rows + " rows of " + table + " into " + out
                + (ignored.isEmpty() ? "" : "; left out columns the transform does not know: " + String.join(", ", ignored)));
    }
}
