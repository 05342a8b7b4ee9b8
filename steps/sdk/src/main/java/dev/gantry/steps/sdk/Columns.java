package dev.gantry.steps.sdk;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Typed access to the cells of a batch. The accessors are chosen once per vector, so a loop over
 * rows makes one virtual call per cell and no type test.
 */
public final class Columns {
    /** Reads a numeric cell as a double. Callers check {@link FieldVector#isNull(int)} first. */
    @FunctionalInterface
    public interface DoubleColumn {
        /** Returns the value of the row, which must not be null. */
        double get(int row);
    }

    /** Reads any cell as text. Callers check {@link FieldVector#isNull(int)} first. */
    @FunctionalInterface
    public interface TextColumn {
        /** Returns the value of the row as text, which must not be null. */
        String get(int row);
    }

    private Columns() {}

    /**
     * Returns a reader of doubles for an integer or float vector.
     *
     * @throws IllegalArgumentException when the vector is not numeric; check with
     *     {@link ColumnTypes#isNumeric} first to report it to the user
     */
    public static DoubleColumn doubles(FieldVector vector) {
        if (vector instanceof Float8Vector) {
            Float8Vector doubles = (Float8Vector) vector;
            return doubles::get;
        }
        if (vector instanceof Float4Vector) {
            Float4Vector floats = (Float4Vector) vector;
            return floats::get;
        }
        if (vector instanceof BaseIntVector) {
            BaseIntVector integers = (BaseIntVector) vector;
            return row -> integers.getValueAsLong(row);
        }
        throw new IllegalArgumentException("column '" + vector.getName() + "' is "
                + ColumnTypes.name(vector.getField().getType()) + ", not a number");
    }

    /** Returns a reader of text for any vector: strings as they are, other values as {@code toString}. */
    public static TextColumn text(FieldVector vector) {
        if (vector instanceof VarCharVector) {
            VarCharVector strings = (VarCharVector) vector;
            return row -> new String(strings.get(row), StandardCharsets.UTF_8);
        }
        if (vector instanceof BitVector) {
            BitVector bits = (BitVector) vector;
            return row -> bits.get(row) == 1 ? "true" : "false";
        }
        if (vector instanceof BaseIntVector) {
            BaseIntVector integers = (BaseIntVector) vector;
            return row -> Long.toString(integers.getValueAsLong(row));
        }
        return row -> String.valueOf(vector.getObject(row));
    }

    /** Returns a cell as it should appear in an error message: quoted text, a bare number, or null. */
    public static String display(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return "null";
        }
        String value = text(vector).get(row);
        return ColumnTypes.isText(vector.getField()) ? "'" + value + "'" : value;
    }

    /** Sets a string cell, growing the vector as needed. */
    public static void setString(VarCharVector vector, int row, String value) {
        vector.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
    }
}
