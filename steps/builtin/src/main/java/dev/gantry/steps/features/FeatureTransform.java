package dev.gantry.steps.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.steps.sdk.DataException;
import dev.gantry.steps.sdk.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fitted feature transform: one {@link ColumnTransform} per input column, in the input's
 * order, and the label column, which passes through untouched and may be absent when the
 * transform is applied (as when serving). It is saved as JSON ({@code "format":
 * "gantry.features/1"}) with its keys in a fixed order, so the same fit gives the same bytes.
 */
public record FeatureTransform(Optional<String> label, List<ColumnTransform> columns) {
    /** The format tag of the transform file. */
    public static final String FORMAT = "gantry.features/1";

    /** Makes the transform. */
    public FeatureTransform {
        columns = List.copyOf(columns);
    }

    /** Returns the transform of the named input column, if the transform has one. */
    public Optional<ColumnTransform> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * Turns one raw row, as JSON values by column name, into the numeric features a model was
     * trained on. A column missing from the row counts as null.
     *
     * @throws IllegalArgumentException when a value has the wrong type, naming the column
     */
    public Map<String, Double> features(Map<String, Object> row) {
        Map<String, Double> features = new LinkedHashMap<>();
        for (ColumnTransform column : columns) {
            if (label.isPresent() && label.get().equals(column.name())) {
                continue;
            }
            column.addFeatures(Optional.ofNullable(row.get(column.name())), features);
        }
        return features;
    }

    /** Writes the transform file. */
    public void write(Path file) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format", FORMAT);
        label.ifPresent(name -> root.put("label", name));
        ArrayNode list = root.putArray("columns");
        columns.forEach(column -> list.add(column.toJson()));
        Json.write(file, root);
    }

    /** Reads a transform file, or throws naming the file and what is wrong in it. */
    public static FeatureTransform read(Path file) {
        JsonNode root = Json.read(file);
        if (!FORMAT.equals(root.path("format").asText())) {
            throw DataException.inFile(file, "not a feature transform: \"format\" must be \"" + FORMAT
                    + "\"; write one with the features step");
        }
        Optional<String> label = root.hasNonNull("label") ? Optional.of(root.get("label").asText()) : Optional.empty();
        List<ColumnTransform> columns = new ArrayList<>();
        for (JsonNode node : root.path("columns")) {
            columns.add(column(file, node));
        }
        return new FeatureTransform(label, columns);
    }

    private static ColumnTransform column(Path file, JsonNode node) {
        String name = node.path("name").asText();
        String kind = node.path("kind").asText();
        switch (kind) {
            case "standardize":
                return new Standardize(name, node.path("mean").asDouble(), node.path("scale").asDouble(1.0));
            case "one-hot":
                return new OneHot(name, texts(node.path("categories")));
            case "label-encode":
                return new LabelEncode(name, texts(node.path("classes")));
            case "passthrough":
                return new Passthrough(name);
            case "drop":
                return new Drop(name);
            default:
                throw DataException.inFile(file, "column '" + name + "' has unknown kind '" + kind
                        + "'; the kinds are standardize, one-hot, label-encode, passthrough, drop");
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
