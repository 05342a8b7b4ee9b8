package dev.gantry.spec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The type a pipeline parameter declares, which decides the values it accepts. Values are text
 * everywhere (in a spec, on the command line, in a step's environment); a type only says which
 * texts are allowed.
 */
public enum ParamType {
    /** Any text. The type of a parameter that declares none. */
    STRING("a string"),
    /** A whole number, as {@link Long#parseLong} reads it, such as {@code 30} or {@code -1}. */
    INT("an int"),
    /** A finite number, as {@link Double#parseDouble} reads it, such as {@code 0.1} or {@code 1e-3}. */
    FLOAT("a float"),
    /** {@code true} or {@code false}, in lower case. */
    BOOL("a bool (true or false)"),
    /** One of the values the parameter lists. */
    ENUM("one of its values");

    private final String yamlName = name().toLowerCase(Locale.ROOT);
    private final String article;

    ParamType(String article) {
        this.article = article;
    }

    /** The name used in pipeline files, such as {@code int}. */
    public String yamlName() {
        return yamlName;
    }

    /** Every type's pipeline-file name, in the order messages list them. */
    public static List<String> yamlNames() {
        return java.util.Arrays.stream(values()).map(ParamType::yamlName).toList();
    }

    /** Looks a type up by its pipeline-file name. */
    public static Optional<ParamType> fromYamlName(String name) {
        for (ParamType type : values()) {
            if (type.yamlName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * What is wrong with {@code value} as a value of this type, worded to follow a parameter's
     * name, such as {@code must be an int, got 'ten'}; empty when it fits.
     *
     * @param allowed the values of an {@link #ENUM}; ignored for other types
     */
    public Optional<String> mismatch(String value, List<String> allowed) {
        boolean fits = switch (this) {
            case STRING -> true;
            case INT -> isInt(value);
            case FLOAT -> isFiniteNumber(value);
            case BOOL -> value.equals("true") || value.equals("false");
            case ENUM -> allowed.contains(value);
        };
        if (fits) {
            return Optional.empty();
        }
        String expected = this == ENUM ? "one of " + String.join(", ", allowed) : article;
        return Optional.of("must be " + expected + ", got '" + value + "'");
    }

    private static boolean isInt(String value) {
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isFiniteNumber(String value) {
        try {
            return Double.isFinite(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
