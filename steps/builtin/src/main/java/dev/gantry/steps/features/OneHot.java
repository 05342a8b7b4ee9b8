package dev.gantry.steps.features;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.steps.sdk.ColumnTypes;
import dev.gantry.steps.sdk.Columns;
import dev.gantry.steps.sdk.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A column becomes one float64 column per category seen in training, named {@code name=category},
 * 1 where the value is that category and 0 elsewhere. A null or a category not seen in training
 * gives all zeros. Values are compared as text.
 */
public record OneHot(String name, List<String> categories) implements ColumnTransform {
    /** Makes the transform; the categories keep their order. */
    public OneHot {
        categories = List.copyOf(categories);
    }

    @Override
    public String kind() {
        return "one-hot";
    }

    @Override
    public List<Field> outputs(Field input, Path file) {
        List<Field> fields = new ArrayList<>();
        for (String category : categories) {
            fields.add(ColumnTypes.column(outputName(category), ColumnTypes.FLOAT64));
        }
        return fields;
    }

    /** Returns the name of the output column of a category. */
    String outputName(String category) {
        return name + "=" + category;
    }

    @Override
    public RowWriter bind(FieldVector input, List<FieldVector> outputs) {
        Columns.TextColumn values = Columns.text(input);
        Map<String, Integer> index = index();
        Float8Vector[] outs = outputs.toArray(new Float8Vector[0]);
        return (row, outRow) -> {
            int hot = input.isNull(row) ? -1 : index.getOrDefault(values.get(row), -1);
            for (int i = 0; i < outs.length; i++) {
                outs[i].setSafe(outRow, i == hot ? 1.0 : 0.0);
            }
        };
    }

    @Override
    public void addFeatures(Optional<Object> value, Map<String, Double> features) {
        Optional<String> text = value.map(OneHot::asText);
        for (String category : categories) {
            features.put(outputName(category), text.filter(category::equals).isPresent() ? 1.0 : 0.0);
        }
    }

    private Map<String, Integer> index() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            index.put(categories.get(i), i);
        }
        return index;
    }

    /** Writes a JSON value the way a table cell of it reads as text: whole numbers without ".0". */
    static String asText(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double x = ((Number) value).doubleValue();
            return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
        }
        return String.valueOf(value);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = Json.mapper().createObjectNode().put("name", name).put("kind", kind());
        categories.forEach(node.putArray("categories")::add);
        return node;
    }
}
