package dev.gantry.steps.features;

import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import dev.gantry.steps.sdk.TableWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** The {@code features} step: fits a feature transform on the training table and applies it. */
public final class FeaturesStep implements Step {
    static final Flag<Path> TRAIN = Flag.input("train", "The training table the transform is fitted on.");
    static final Flag<Path> TRANSFORM = Flag.output("transform", "The fitted transform, as JSON.");
    static final Flag<Path> TRAIN_OUT = Flag.output("train-out", "The training table, transformed.");
    static final Flag<Path> TEST = Flag.input("test", "Optional: another table to transform the same way.");
    static final Flag<Path> TEST_OUT = Flag.output("test-out", "Where the transformed --test table goes.");
    static final Flag<Path> VALIDATION = Flag.input("validation", "Optional: a third table to transform.");
    static final Flag<Path> VALIDATION_OUT = Flag.output("validation-out", "Where the transformed --validation goes.");
    static final Flag<String> LABEL = Flag.string("label", "Optional: the label column, passed through untouched.")
            .withLabel("COLUMN");
    static final Flag<List<String>> DROP = Flag.list("drop", "Columns to leave out, such as ids.").withLabel("COLUMN,...");
    static final Flag<List<String>> KEEP = Flag.list("keep", "Columns to pass through unchanged.").withLabel("COLUMN,...");
    static final Flag<List<String>> ONE_HOT = Flag.list("one-hot",
            "Columns to one-hot encode even though they are numeric; text and bool columns always are.")
            .withLabel("COLUMN,...");
    static final Flag<List<String>> LABEL_ENCODE = Flag.list("label-encode",
            "Columns to encode as int32 codes (sorted classes; -1 for unseen or null) instead of one-hot.")
            .withLabel("COLUMN,...");
    static final Flag<Integer> MAX_CATEGORIES = Flag.integer("max-categories",
            "The most distinct values a column to encode may have.").withDefault(1000).require(n -> n >= 1, "at least 1");
    static final Flag<Integer> BATCH_ROWS = Flag.integer("batch-rows", "Rows per record batch of the outputs.")
            .withDefault(TableWriter.DEFAULT_BATCH_ROWS).require(n -> n >= 1, "at least 1");

    @Override
    public String name() {
        return "features";
    }

    @Override
    public String summary() {
        return "Fits standardization, one-hot and label encoding on the training table; saves and applies it.";
    }

    @Override
    public String description() {
        return "Fits a feature transform on the training table and saves it as JSON: numeric columns are "
                + "standardized ((x - mean) / standard deviation; missing values become 0), text and bool columns "
                + "one-hot encoded (unseen values become all zeros), --label-encode columns turned into codes, "
                + "--drop columns left out, and the --label column and --keep columns passed through. It writes "
                + "the transformed training table, and the same transform of --test and --validation when given. "
                + "'features-apply' applies a saved transform to any other table.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(TRAIN, TRANSFORM, TRAIN_OUT, TEST, TEST_OUT, VALIDATION, VALIDATION_OUT, LABEL, DROP, KEEP,
                ONE_HOT, LABEL_ENCODE, MAX_CATEGORIES, BATCH_ROWS);
    }

    @Override
    public void run(StepContext context) throws IOException {
        Path train = context.input(TRAIN);
        TransformFitter.Choices choices = new TransformFitter.Choices(context.find(LABEL),
                new HashSet<>(context.get(DROP)), new HashSet<>(context.get(KEEP)), new HashSet<>(context.get(ONE_HOT)),
                new HashSet<>(context.get(LABEL_ENCODE)), context.get(MAX_CATEGORIES));
        FeatureTransform transform = TransformFitter.fit(train, context.allocator(), choices);
        transform.write(context.output(TRANSFORM));
        TransformApplier applier = new TransformApplier(transform);
        int batchRows = context.get(BATCH_ROWS);
        long rows = applier.apply(train, context.output(TRAIN_OUT), context.allocator(), batchRows, new ArrayList<>());
        context.log("features: fitted " + transform.columns().size() + " column transforms on " + rows + " rows of "
                + train);
        applyTo(context, applier, context.optionalInput(TEST), TEST_OUT, batchRows);
        applyTo(context, applier, context.optionalInput(VALIDATION), VALIDATION_OUT, batchRows);
    }

    private static void applyTo(StepContext context, TransformApplier applier, Optional<Path> table, Flag<Path> out,
            int batchRows) {
        if (table.isPresent()) {
            FeaturesApplyStep.apply(context, applier, table.get(), context.output(out), batchRows);
        }
    }
}
