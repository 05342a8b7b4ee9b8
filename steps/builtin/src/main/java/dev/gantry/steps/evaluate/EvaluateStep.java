package dev.gantry.steps.evaluate;

import dev.gantry.steps.sdk.ColumnTypes;
import dev.gantry.steps.sdk.Columns;
import dev.gantry.steps.sdk.DataException;
import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Metrics;
import dev.gantry.steps.sdk.ParamException;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import dev.gantry.steps.sdk.TableReader;
import dev.gantry.steps.sdk.TableWriter;
import dev.gantry.steps.train.FeatureColumns;
import dev.gantry.steps.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The {@code evaluate} step: a model's metrics on a labelled table, and its predictions. */
public final class EvaluateStep implements Step {
    static final Flag<Path> MODEL = Flag.input("model", "The model directory the train step wrote.");
    static final Flag<Path> TABLE = Flag.input("table", "The table to evaluate on: the model's features and the label.");
    static final Flag<Path> METRICS = Flag.output("metrics", "The metrics JSON.");
    static final Flag<Path> PREDICTIONS = Flag.output("predictions",
            "Optional: a table of row, actual, predicted and p_CLASS (the probability of each class).");
    static final Flag<String> POSITIVE_CLASS = Flag.string("positive-class",
            "For two classes: the class precision, recall, F1 and ROC AUC are about. Default: the class that sorts last.")
            .withLabel("CLASS");
    static final Flag<Integer> BATCH_ROWS = Flag.integer("batch-rows", "Rows per record batch of the predictions.")
            .withDefault(TableWriter.DEFAULT_BATCH_ROWS).require(n -> n >= 1, "at least 1");

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "Scores a model on a labelled table: accuracy, precision, recall, F1, ROC AUC, log loss, confusion.";
    }

    @Override
    public String description() {
        return "Predicts every row of a labelled table with a trained model and writes the metrics as JSON: rows, "
                + "accuracy, precision, recall, f1, roc_auc, log_loss and the confusion matrix as "
                + "confusion.ACTUAL.PREDICTED counts. With two classes, precision, recall, F1 and ROC AUC are those "
                + "of the positive class; with more, they are macro averages. The predictions can be written as a table.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(MODEL, TABLE, METRICS, PREDICTIONS, POSITIVE_CLASS, BATCH_ROWS);
    }

    @Override
    public void run(StepContext context) throws IOException {
        TrainedModel model = TrainedModel.load(context.input(MODEL));
        Path table = context.input(TABLE);
        List<String> classes = new ArrayList<>(new TreeSet<>(model.info().classes()));
        Optional<String> positive = positiveClass(context, classes);
        ClassificationMetrics metrics = new ClassificationMetrics(classes, positive);
        Optional<Path> predictionsFile = context.optionalOutput(PREDICTIONS);
        int batchRows = context.get(BATCH_ROWS);
        String label = model.info().label();
        try (TableReader reader = TableReader.open(table, context.allocator());
                PredictionSink sink = new PredictionSink(predictionsFile, classes, context, batchRows)) {
            reader.column(label);
            FeatureColumns features = FeatureColumns.of(reader, model.info().features());
            double[] values = new double[model.info().features().size()];
            double[] probabilities = new double[classes.size()];
            while (reader.next()) {
                VectorSchemaRoot batch = reader.batch();
                features.bind(batch);
                FieldVector labels = batch.getVector(label);
                Columns.TextColumn text = Columns.text(labels);
                for (int i = 0; i < batch.getRowCount(); i++) {
                    long row = reader.batchStart() + i;
                    String actual = labels.isNull(i) ? "" : text.get(i);
                    int actualIndex = classes.indexOf(actual);
                    if (actualIndex < 0) {
                        throw DataException.atRow(table, row, label, (labels.isNull(i) ? "the label is null"
                                : "the label '" + actual + "' is not a class the model knows")
                                + "; its classes are " + String.join(", ", classes));
                    }
                    features.read(i, row, values);
                    TrainedModel.Outcome outcome = model.predict(values);
                    for (int c = 0; c < classes.size(); c++) {
                        probabilities[c] = outcome.probabilities().get(classes.get(c));
                    }
                    metrics.add(actualIndex, classes.indexOf(outcome.label()), probabilities);
                    sink.add(row, actual, outcome.label(), probabilities);
                }
            }
            sink.finish();
        }
        Map<String, Number> computed = metrics.compute(model.probabilistic());
        Metrics.write(context.output(METRICS), computed);
        context.log(String.format("evaluate: %s rows of %s: accuracy %.4f, f1 %.4f%s", computed.get("rows"), table,
                computed.get("accuracy").doubleValue(), computed.get("f1").doubleValue(),
                computed.containsKey("roc_auc") ? String.format(", roc_auc %.4f", computed.get("roc_auc").doubleValue())
                        : ""));
    }

    private static Optional<String> positiveClass(StepContext context, List<String> classes) {
        Optional<String> given = context.find(POSITIVE_CLASS);
        if (given.isPresent() && !classes.contains(given.get())) {
            throw new ParamException("--positive-class must be one of the model's classes (" + String.join(", ", classes)
                    + "), was '" + given.get() + "'");
        }
        if (classes.size() != 2) {
            if (given.isPresent()) {
                throw new ParamException("--positive-class needs a model of two classes; this one has " + classes.size());
            }
            return Optional.empty();
        }
        return Optional.of(given.orElse(classes.get(1)));
    }

    /** Writes the predictions table when one is asked for. */
    private static final class PredictionSink implements AutoCloseable {
        private final Optional<TableWriter> writer;
        private final int batchRows;
        private int row;

        PredictionSink(Optional<Path> file, List<String> classes, StepContext context, int batchRows) {
            List<Field> fields = new ArrayList<>();
            fields.add(ColumnTypes.column("row", ColumnTypes.INT64));
            fields.add(ColumnTypes.column("actual", ColumnTypes.STRING));
            fields.add(ColumnTypes.column("predicted", ColumnTypes.STRING));
            classes.forEach(c -> fields.add(ColumnTypes.column("p_" + c, ColumnTypes.FLOAT64)));
            this.writer = file.map(f -> TableWriter.create(f, new Schema(fields), context.allocator(), batchRows));
            this.batchRows = batchRows;
        }

        void add(long tableRow, String actual, String predicted, double[] probabilities) {
            if (writer.isEmpty()) {
                return;
            }
            VectorSchemaRoot root = writer.get().root();
            ((BigIntVector) root.getVector(0)).setSafe(row, tableRow);
            Columns.setString((VarCharVector) root.getVector(1), row, actual);
            Columns.setString((VarCharVector) root.getVector(2), row, predicted);
            for (int c = 0; c < probabilities.length; c++) {
                ((Float8Vector) root.getVector(3 + c)).setSafe(row, probabilities[c]);
            }
            if (++row == batchRows) {
                writer.get().writeBatch(row);
                row = 0;
            }
        }

        void finish() {
            writer.ifPresent(w -> {
                w.writeBatch(row);
                w.finish();
            });
        }

        @Override
        public void close() {
            writer.ifPresent(TableWriter::close);
        }
    }
}
