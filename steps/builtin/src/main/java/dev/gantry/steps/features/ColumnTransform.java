package dev.gantry.steps.features;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * What the fitted transform does to one input column: standardize it, one-hot encode it, label
 * encode it, pass it through, or drop it. A column transform is immutable; applying it to a batch
 * goes through {@link #bind}, which picks the typed accessors once per batch.
 */
public sealed interface ColumnTransform
        permits Standardize, OneHot, LabelEncode, Passthrough, Drop {
    /** Writes one row of an input vector into the output vectors. */
    @FunctionalInterface
    interface RowWriter {
        /** Writes input row {@code row} as output row {@code outRow}. */
        void write(int row, int outRow);
    }

    /** Returns the input column's name. */
    String name();

    /** Returns the kind as written in the transform file, such as {@code standardize}. */
    String kind();

    /**
     * Returns the output columns made from the input column, or throws a {@code DataException}
     * naming {@code file} when the input column's type does not suit the transform.
     */
    List<Field> outputs(Field input, Path file);

    /** Returns a writer from the input vector into the output vectors (as many as {@link #outputs}). */
    RowWriter bind(FieldVector input, List<FieldVector> outputs);

    /**
     * Adds the numeric features made from one value of a JSON row (empty for a missing or null
     * value), for serving. Text outputs, such as a passed-through label, add nothing.
     *
     * @throws IllegalArgumentException when the value has the wrong type, with a message naming the column
     */
    void addFeatures(Optional<Object> value, Map<String, Double> features);

    /** Returns the transform as a JSON object for the transform file. */
    ObjectNode toJson();
}
