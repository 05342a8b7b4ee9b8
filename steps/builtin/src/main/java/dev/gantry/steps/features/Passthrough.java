package dev.gantry.steps.features;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.steps.sdk.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A column is copied unchanged: the label, and any column named with {@code --keep}. When
 * serving, a numeric value becomes a feature as it is; other values add nothing.
 */
public record Passthrough(String name) implements ColumnTransform {
    @Override
    public String kind() {
        return "passthrough";
    }

    @Override
    public List<Field> outputs(Field input, Path file) {
        return List.of(input);
    }

    @Override
    public RowWriter bind(FieldVector input, List<FieldVector> outputs) {
        FieldVector out = outputs.get(0);
        return (row, outRow) -> out.copyFromSafe(row, outRow, input);
    }

    @Override
    public void addFeatures(Optional<Object> value, Map<String, Double> features) {
        value.filter(v -> v instanceof Number).ifPresent(v -> features.put(name, ((Number) v).doubleValue()));
    }

    @Override
    public ObjectNode toJson() {
        return Json.mapper().createObjectNode().put("name", name).put("kind", kind());
    }
}
