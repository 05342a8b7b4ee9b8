package dev.gantry.steps.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes {@code metrics} artifacts: a JSON object whose values are all finite numbers,
 * keys sorted. Nested results such as a confusion matrix are flattened into dotted keys
 * ({@code confusion.benign.malignant}).
 */
public final class Metrics {
    private Metrics() {}

    /**
     * Writes metrics.
     *
     * @throws StepException when a value is NaN or infinite, which JSON cannot hold
     */
    public static void write(Path file, Map<String, ? extends Number> metrics) {
        Map<String, Number> sorted = new TreeMap<>();
        for (Map.Entry<String, ? extends Number> entry : metrics.entrySet()) {
            double value = entry.getValue().doubleValue();
            if (!Double.isFinite(value)) {
                throw new StepException(file + ": metric '" + entry.getKey() + "' is " + value
                        + "; metrics must be finite numbers");
            }
            sorted.put(entry.getKey(), entry.getValue());
        }
        Json.write(file, sorted);
    }

    /** Reads metrics, or throws naming the file and the first key that is not a number. */
    public static Map<String, Double> read(Path file) {
        JsonNode tree = Json.read(file);
        if (!tree.isObject()) {
            throw DataException.inFile(file, "metrics must be a JSON object of numbers");
        }
        Map<String, Double> metrics = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : tree.properties()) {
            if (!field.getValue().isNumber()) {
                throw DataException.inFile(file, "metric '" + field.getKey() + "' is not a number: " + field.getValue());
            }
            metrics.put(field.getKey(), field.getValue().doubleValue());
        }
        return metrics;
    }
}
