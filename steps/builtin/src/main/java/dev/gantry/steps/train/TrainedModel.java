package dev.gantry.steps.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.steps.sdk.ArtifactException;
import dev.gantry.steps.sdk.DataException;
import dev.gantry.steps.sdk.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A trained classifier and what is known about it, saved as a directory: {@code model.tribuo}
 * (Tribuo's protobuf format), {@code model.json} (see {@link ModelInfo}) and, where Tribuo can
 * export the model, {@code model.onnx}.
 */
public final class TrainedModel {
    /** The file of the Tribuo model inside a model directory. */
    public static final String MODEL_FILE = "model.tribuo";
    /** The file of the model's description inside a model directory. */
    public static final String INFO_FILE = "model.json";
    /** The file of the ONNX export inside a model directory, when there is one. */
    public static final String ONNX_FILE = "model.onnx";

    /** One prediction: the most likely class and every class's probability (or score). */
    public record Outcome(String label, Map<String, Double> probabilities) {}

    private final Model<Label> model;
    private final ModelInfo info;
    private final String[] featureNames;

    TrainedModel(Model<Label> model, ModelInfo info) {
        this.model = model;
        this.info = info;
        this.featureNames = info.features().toArray(new String[0]);
    }

    /** Loads a model directory, or throws naming the file that is missing or unreadable. */
    public static TrainedModel load(Path directory) {
        Path infoFile = directory.resolve(INFO_FILE);
        ModelInfo info = ModelInfo.fromJson(infoFile, Json.read(infoFile));
        Path modelFile = directory.resolve(MODEL_FILE);
        if (!Files.isRegularFile(modelFile)) {
            throw new ArtifactException(modelFile, "no such file; a model directory is written by the train step");
        }
        try {
            Model<?> loaded = Model.deserializeFromFile(modelFile);
            return new TrainedModel(loaded.castModel(Label.class), info);
        } catch (IOException | RuntimeException e) {
            throw new ArtifactException(modelFile, "not a readable Tribuo classification model", e);
        }
    }

    /** Returns what is known about the model. */
    public ModelInfo info() {
        return info;
    }

    /** Returns whether the model's scores are probabilities. */
    public boolean probabilistic() {
        return model.generatesProbabilities();
    }

    /** Predicts from feature values given in the order of {@link ModelInfo#features()}. */
    public Outcome predict(double[] features) {
        ArrayExample<Label> example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, features);
        Prediction<Label> prediction = model.predict(example);
        Map<String, Double> scores = new TreeMap<>();
        for (String label : info.classes()) {
            Label score = prediction.getOutputScores().get(label);
            scores.put(label, score == null ? 0.0 : score.getScore());
        }
        return new Outcome(prediction.getOutput().getLabel(), scores);
    }

    /** Predicts from named feature values; a feature missing from the map counts as 0. */
    public Outcome predict(Map<String, Double> features) {
        double[] values = new double[featureNames.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = features.getOrDefault(featureNames[i], 0.0);
        }
        return predict(values);
    }

    /** Saves the model into a directory, with an ONNX export where Tribuo offers one; returns the info written. */
    static ModelInfo save(Model<Label> model, ModelInfo info, Path directory) {
        try {
            Files.createDirectories(directory);
            model.serializeToFile(directory.resolve(MODEL_FILE));
        } catch (IOException e) {
            throw new ArtifactException(directory, "cannot write the model", e);
        }
        boolean onnx = OnnxExport.write(model, directory.resolve(ONNX_FILE));
        ModelInfo written = info.withOnnx(onnx);
        Json.write(directory.resolve(INFO_FILE), written.toJson());
        return written;
    }

    /** What is known about a model: how it was trained, on what, and what it predicts. */
    public record ModelInfo(String algorithm, String label, List<String> features, List<String> classes,
            Map<String, Object> hyperparameters, long trainingRows, String trainingDigest, boolean onnx) {
        /** The format tag of {@code model.json}. */
        public static final String FORMAT = "gantry.model/1";

        ModelInfo withOnnx(boolean exported) {
            return new ModelInfo(algorithm, label, features, classes, hyperparameters, trainingRows, trainingDigest,
                    exported);
        }

        /** Returns the info as a JSON-ready map with keys in a fixed order. */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", FORMAT);
            json.put("algorithm", algorithm);
            json.put("label", label);
            json.put("classes", classes);
            json.put("features", features);
            json.put("hyperparameters", hyperparameters);
            json.put("training_rows", trainingRows);
            json.put("training_table", trainingDigest);
            json.put("onnx", onnx);
            json.put("library", "tribuo " + org.tribuo.Tribuo.VERSION);
            return json;
        }

        static ModelInfo fromJson(Path file, JsonNode json) {
            if (!FORMAT.equals(json.path("format").asText())) {
                throw DataException.inFile(file, "not a model description: \"format\" must be \"" + FORMAT + "\"");
            }
            Map<String, Object> hyperparameters = new TreeMap<>();
            json.path("hyperparameters").properties().forEach(e -> hyperparameters.put(e.getKey(),
                    e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().asText()));
            return new ModelInfo(json.path("algorithm").asText(), json.path("label").asText(),
                    texts(json.path("features")), texts(json.path("classes")), hyperparameters,
                    json.path("training_rows").asLong(), json.path("training_table").asText(),
                    json.path("onnx").asBoolean());
        }

        private static List<String> texts(JsonNode array) {
            List<String> texts = new ArrayList<>();
            array.forEach(item -> texts.add(item.asText()));
            return texts;
        }
    }
}
