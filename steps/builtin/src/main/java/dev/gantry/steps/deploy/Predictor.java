package dev.gantry.steps.deploy;

import dev.gantry.steps.features.ColumnTransform;
import dev.gantry.steps.features.Drop;
import dev.gantry.steps.features.FeatureTransform;
import dev.gantry.steps.sdk.Json;
import dev.gantry.steps.train.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Predicts from raw rows, as a client sends them: the feature transform (when the version has
 * one) turns each row into the model's features, then the model predicts. Every column the
 * transform or the model needs must be a key of the row; its value may be null.
 */
final class Predictor {
    private final TrainedModel model;
    private final Optional<FeatureTransform> transform;

    Predictor(TrainedModel model, Optional<FeatureTransform> transform) {
        this.model = model;
        this.transform = transform;
    }

    /** Loads the model and transform of a registered version folder. */
    static Predictor load(Path versionFolder) {
        Path transformFile = versionFolder.resolve("transform.json");
        Optional<FeatureTransform> transform = Files.exists(transformFile)
                ? Optional.of(FeatureTransform.read(transformFile))
                : Optional.empty();
        return new Predictor(TrainedModel.load(versionFolder.resolve("model")), transform);
    }

    /**
     * Predicts every row.
     *
     * @throws BadRowException naming the row and column at fault
     */
    List<TrainedModel.Outcome> predict(List<Map<String, Object>> rows) {
        List<TrainedModel.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Double> features;
            try {
                features = features(rows.get(i));
            } catch (IllegalArgumentException e) {
                throw new BadRowException("row " + i + ": " + e.getMessage());
            }
            // A failure of the model itself is the server's, not the row's: it is not caught here.
            outcomes.add(model.predict(features));
        }
        return outcomes;
    }

    private Map<String, Double> features(Map<String, Object> row) {
        for (String column : requiredColumns()) {
            if (!row.containsKey(column)) {
                throw new IllegalArgumentException("column '" + column + "' is missing (send null for a missing value)");
            }
        }
        if (transform.isPresent()) {
            return transform.get().features(row);
        }
        Map<String, Double> features = new LinkedHashMap<>();
        for (String name : model.info().features()) {
            Object value = row.get(name);
            if (!(value instanceof Number)) {
                throw new IllegalArgumentException("column '" + name + "' must be a number, was " + Json.toString(value));
            }
            features.put(name, ((Number) value).doubleValue());
        }
        return features;
    }

    private List<String> requiredColumns() {
        if (transform.isEmpty()) {
            return model.info().features();
        }
        List<String> columns = new ArrayList<>();
        for (ColumnTransform column : transform.get().columns()) {
            boolean isLabel = transform.get().label().filter(column.name()::equals).isPresent();
            if (!isLabel && !(column instanceof Drop)) {
                columns.add(column.name());
            }
        }
        return columns;
    }
}
