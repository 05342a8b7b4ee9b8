package dev.gantry.steps.features;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.steps.sdk.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** A column is left out, such as a row id that carries no signal. */
public record Drop(String name) implements ColumnTransform {
    @Override
    public String kind() {
        return "drop";
    }

    @Override
    public List<Field> outputs(Field input, Path file) {
        return List.of();
    }

    @Override
    public RowWriter bind(FieldVector input, List<FieldVector> outputs) {
        return (row, outRow) -> { };
    }

    @Override
    public void addFeatures(Optional<Object> value, Map<String, Double> features) {}

    @Override
    public ObjectNode toJson() {
        return Json.mapper().createObjectNode().put("name", name).put("kind", kind());
    }
}
