package dev.gantry.steps.features;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.steps.sdk.ColumnTypes;
import dev.gantry.steps.sdk.Columns;
import dev.gantry.steps.sdk.DataException;
import dev.gantry.steps.sdk.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A numeric column becomes {@code (x - mean) / scale} as float64, where mean and scale (the
 * population standard deviation, or 1 for a constant column) were fitted on the training table.
 * A missing value (null or NaN) becomes 0, the mean.
 */
public record Standardize(String name, double mean, double scale) implements ColumnTransform {
    @Override
    public String kind() {
        return "standardize";
    }

    @Override
    public List<Field> outputs(Field input, Path file) {
        if (!ColumnTypes.isNumeric(input)) {
            throw DataException.inColumn(file, name, "standardizing needs a number, but the column is "
                    + ColumnTypes.name(input.getType()));
        }
        return List.of(ColumnTypes.column(name, ColumnTypes.FLOAT64));
    }

    @Override
    public RowWriter bind(FieldVector input, List<FieldVector> outputs) {
        Columns.DoubleColumn values = Columns.doubles(input);
        Float8Vector out = (Float8Vector) outputs.get(0);
        return (row, outRow) -> out.setSafe(outRow, input.isNull(row) ? 0.0 : scaled(values.get(row)));
    }

    @Override
    public void addFeatures(Optional<Object> value, Map<String, Double> features) {
        if (value.isPresent() && !(value.get() instanceof Number)) {
            throw new IllegalArgumentException("column '" + name + "' must be a number, was " + Json.toString(value.get()));
        }
        features.put(name, value.map(v -> scaled(((Number) v).doubleValue())).orElse(0.0));
    }

    private double scaled(double x) {
        return Double.isNaN(x) ? 0.0 : (x - mean) / scale;
    }

    @Override
    public ObjectNode toJson() {
        return Json.mapper().createObjectNode().put("name", name).put("kind", kind()).put("mean", mean)
                .put("scale", scale);
    }
}
