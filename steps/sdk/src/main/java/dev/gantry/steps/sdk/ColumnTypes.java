package dev.gantry.steps.sdk;

import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The column types the built-in steps write, with the short names used in flags, schemas and
 * messages: {@code int64}, {@code int32}, {@code float64}, {@code bool} and {@code string}.
 */
public final class ColumnTypes {
    /** A 64-bit signed integer. */
    public static final ArrowType INT64 = new ArrowType.Int(64, true);
    /** A 32-bit signed integer. */
    public static final ArrowType INT32 = new ArrowType.Int(32, true);
    /** A 64-bit float. */
    public static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    /** A boolean. */
    public static final ArrowType BOOL = ArrowType.Bool.INSTANCE;
    /** UTF-8 text. */
    public static final ArrowType STRING = ArrowType.Utf8.INSTANCE;

    private ColumnTypes() {}

    /** Returns the type with that short name, if it is one of the five. */
    public static Optional<ArrowType> byName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "int64":
                return Optional.of(INT64);
            case "int32":
                return Optional.of(INT32);
            case "float64":
            case "double":
                return Optional.of(FLOAT64);
            case "bool":
            case "boolean":
                return Optional.of(BOOL);
            case "string":
            case "utf8":
                return Optional.of(STRING);
            default:
                return Optional.empty();
        }
    }

    /** Returns the short name of a type, or Arrow's own description for other types. */
    public static String name(ArrowType type) {
        if (type instanceof ArrowType.Int) {
            ArrowType.Int integer = (ArrowType.Int) type;
            return (integer.getIsSigned() ? "int" : "uint") + integer.getBitWidth();
        }
        if (type instanceof ArrowType.FloatingPoint) {
            switch (((ArrowType.FloatingPoint) type).getPrecision()) {
                case HALF:
                    return "float16";
                case SINGLE:
                    return "float32";
                default:
                    return "float64";
            }
        }
        if (type instanceof ArrowType.Bool) {
            return "bool";
        }
        if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8) {
            return "string";
        }
        return type.toString().toLowerCase(Locale.ROOT);
    }

    /** Returns whether a column holds integers or floats, which steps read as doubles. */
    public static boolean isNumeric(Field field) {
        return field.getType() instanceof ArrowType.Int || field.getType() instanceof ArrowType.FloatingPoint;
    }

    /** Returns whether a column holds text. */
    public static boolean isText(Field field) {
        return field.getType() instanceof ArrowType.Utf8 || field.getType() instanceof ArrowType.LargeUtf8;
    }

    /** Returns a nullable column of the given name and type. */
    public static Field column(String name, ArrowType type) {
        return Field.nullable(name, type);
    }
}
