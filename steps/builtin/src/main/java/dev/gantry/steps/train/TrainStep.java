package dev.gantry.steps.train;

import dev.gantry.steps.sdk.Columns;
import dev.gantry.steps.sdk.DataException;
import dev.gantry.steps.sdk.Digests;
import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Metrics;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import dev.gantry.steps.sdk.TableReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** The {@code train} step: a classifier from a table of numeric features and a label column. */
public final class TrainStep implements Step {
    static final Flag<Path> TRAIN = Flag.input("train", "The training table: numeric features and a label column.");
    static final Flag<Path> MODEL = Flag.output("model", "The model directory to write (model.tribuo, model.json, "
            + "and model.onnx where the algorithm can be exported).");
    static final Flag<String> LABEL = Flag.string("label", "The label column; its values, as text, are the classes.")
            .withDefault("label").withLabel("COLUMN");
    static final Flag<String> ALGORITHM = Flag.choice("algorithm", "The learning algorithm.",
            "logistic-regression", "random-forest", "decision-tree").withDefault("logistic-regression");
    static final Flag<Integer> EPOCHS = Flag.integer("epochs", "Logistic regression: passes over the data.")
            .withDefault(30).require(n -> n >= 1, "at least 1");
    static final Flag<Double> LEARNING_RATE = Flag.number("learning-rate",
            "Logistic regression: AdaGrad's initial learning rate.").withDefault(0.5).require(x -> x > 0, "above 0");
    static final Flag<Integer> MINIBATCH = Flag.integer("minibatch", "Logistic regression: examples per gradient step.")
            .withDefault(1).require(n -> n >= 1, "at least 1");
    static final Flag<Integer> TREES = Flag.integer("trees", "Random forest: how many trees.")
            .withDefault(100).require(n -> n >= 1, "at least 1");
    static final Flag<Integer> MAX_DEPTH = Flag.integer("max-depth", "Trees: the deepest a tree may grow.")
            .withDefault(12).require(n -> n >= 1, "at least 1");
    static final Flag<Double> MIN_CHILD_WEIGHT = Flag.number("min-child-weight",
            "Trees: the least total example weight a leaf may hold.").withDefault(2.0).require(x -> x > 0, "above 0");
    static final Flag<Double> FEATURE_FRACTION = Flag.number("feature-fraction",
            "Random forest: the share of features each split considers.")
            .withDefault(0.5).require(x -> x > 0 && x < 1, "between 0 and 1 (exclusive)");
    static final Flag<Long> SEED = Flag.longInteger("seed", "The random seed of the trainer.").withDefault(42L);
    static final Flag<Path> METRICS = Flag.output("metrics",
            "Optional: train_rows, features, classes, train_accuracy and seconds as metrics JSON.");

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "Trains a classifier (logistic regression, random forest or decision tree) with Tribuo.";
    }

    @Override
    public String description() {
        return "Trains a classifier on a table whose columns are numeric features and one label column (the "
                + "features step makes such a table). Every numeric column other than the label is a feature. The "
                + "model directory holds the Tribuo model, model.json (algorithm, hyperparameters, features, "
                + "classes, the training table's digest) and, for logistic regression, an ONNX export.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(TRAIN, MODEL, LABEL, ALGORITHM, EPOCHS, LEARNING_RATE, MINIBATCH, TREES, MAX_DEPTH,
                MIN_CHILD_WEIGHT, FEATURE_FRACTION, SEED, METRICS);
    }

    @Override
    public void run(StepContext context) throws IOException {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        Path train = context.input(TRAIN);
        Path directory = context.output(MODEL);
        String label = context.get(LABEL);
        Algorithm algorithm = Algorithm.named(context.get(ALGORITHM));
        Algorithm.Hyperparameters hyperparameters = new Algorithm.Hyperparameters(context.get(EPOCHS),
                context.get(LEARNING_RATE), context.get(MINIBATCH), context.get(TREES), context.get(MAX_DEPTH),
                context.get(MIN_CHILD_WEIGHT), context.get(FEATURE_FRACTION), context.get(SEED));
        long started = System.nanoTime();
        List<String> features = new ArrayList<>();
        MutableDataset<Label> dataset = read(context, train, label, features);
        if (dataset.getOutputs().size() < 2) {
            throw DataException.inColumn(train, label, "a classifier needs at least two classes, but the label "
                    + "has only " + dataset.getOutputs().stream().map(Label::getLabel).collect(Collectors.toList()));
        }
        Model<Label> model = algorithm.trainer(hyperparameters).train(dataset);
        List<String> classes = dataset.getOutputs().stream().map(Label::getLabel).sorted().collect(Collectors.toList());
        TrainedModel.ModelInfo info = TrainedModel.save(model, new TrainedModel.ModelInfo(algorithm.label(), label,
                features, classes, algorithm.relevant(hyperparameters), dataset.size(), Digests.sha256(train), false),
                directory);
        double seconds = (System.nanoTime() - started) / 1e9;
        double accuracy = accuracy(model, dataset);
        context.log(String.format("train: %s on %d rows, %d features, %d classes in %.2f s; training accuracy %.4f%s",
                algorithm.label(), dataset.size(), features.size(), classes.size(), seconds, accuracy,
                info.onnx() ? "; exported to ONNX" : ""));
        if (context.find(METRICS).isPresent()) {
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("train_rows", dataset.size());
            metrics.put("features", features.size());
            metrics.put("classes", classes.size());
            metrics.put("train_accuracy", accuracy);
            metrics.put("seconds", seconds);
            Metrics.write(context.output(METRICS), metrics);
        }
    }

    /** Reads the table into a Tribuo dataset, batch by batch; fills {@code features} with the feature names. */
    private static MutableDataset<Label> read(StepContext context, Path train, String label, List<String> features) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance(train.getFileName().toString(), factory), factory);
        try (TableReader reader = TableReader.open(train, context.allocator())) {
            reader.column(label);
            for (Field field : reader.schema().getFields()) {
                if (!field.getName().equals(label)) {
                    features.add(field.getName());
                }
            }
            FeatureColumns columns = FeatureColumns.of(reader, features);
            String[] names = features.toArray(new String[0]);
            while (reader.next()) {
                VectorSchemaRoot batch = reader.batch();
                columns.bind(batch);
                FieldVector labels = batch.getVector(label);
                Columns.TextColumn text = Columns.text(labels);
                for (int i = 0; i < batch.getRowCount(); i++) {
                    long row = reader.batchStart() + i;
                    if (labels.isNull(i)) {
                        throw DataException.atRow(train, row, label, "the label is null; drop such rows before training");
                    }
                    double[] values = new double[names.length];
                    columns.read(i, row, values);
                    dataset.add(new ArrayExample<>(new Label(text.get(i)), names, values));
                }
            }
        }
        if (dataset.size() == 0) {
            throw DataException.inFile(train, "the table has no rows to train on");
        }
        return dataset;
    }

    private static double accuracy(Model<Label> model, MutableDataset<Label> dataset) {
        long correct = 0;
        for (Prediction<Label> prediction : model.predict(dataset)) {
            if (prediction.getOutput().getLabel().equals(prediction.getExample().getOutput().getLabel())) {
                correct++;
            }
        }
        return (double) correct / dataset.size();
    }

}
