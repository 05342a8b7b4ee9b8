package dev.gantry.steps.features;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.steps.sdk.ColumnTypes;
import dev.gantry.steps.sdk.Columns;
import dev.gantry.steps.sdk.Json;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A column becomes an int32 code: the index of its value among the classes seen in training, in
 * sorted order, or -1 for a null or a value not seen in training. Values are compared as text.
 */
public record LabelEncode(String name, List<String> classes) implements ColumnTransform {
    /** Makes the transform; the classes keep their order. */
    public LabelEncode {
        classes = List.copyOf(classes);
    }

    @Override
    public String kind() {
        return "label-encode";
    }

    @Override
    public List<Field> outputs(Field input, Path file) {
        return List.of(ColumnTypes.column(name, ColumnTypes.INT32));
    }

    @Override
    public RowWriter bind(FieldVector input, List<FieldVector> outputs) {
        Columns.TextColumn values = Columns.text(input);
        Map<String, Integer> codes = codes();
        IntVector out = (IntVector) outputs.get(0);
        return (row, outRow) -> out.setSafe(outRow, input.isNull(row) ? -1 : codes.getOrDefault(values.get(row), -1));
    }

    @Override
    public void addFeatures(Optional<Object> value, Map<String, Double> features) {
        Map<String, Integer> codes = codes();
        features.put(name, (double) value.map(v -> codes.getOrDefault(OneHot.asText(v), -1)).orElse(-1));
    }

    private Map<String, Integer> codes() {
        Map<String, Integer> codes = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            codes.put(classes.get(i), i);
        }
        return codes;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = Json.mapper().createObjectNode().put("name", name).put("kind", kind());
        classes.forEach(node.putArray("classes")::add);
        return node;
    }
}
