package dev.gantry.steps.csv;

import dev.gantry.steps.sdk.ColumnTypes;
import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** The types a CSV column can have, and how a cell's text becomes a value of each. */
enum CellType {
    BOOL("bool", ColumnTypes.BOOL),
    INT64("int64", ColumnTypes.INT64),
    FLOAT64("float64", ColumnTypes.FLOAT64),
    STRING("string", ColumnTypes.STRING);

    private final String label;
    private final ArrowType arrowType;

    CellType(String label, ArrowType arrowType) {
        this.label = label;
        this.arrowType = arrowType;
    }

    /** Returns the type with that name ({@code bool}, {@code int64}, {@code float64}, {@code string}). */
    static Optional<CellType> named(String name) {
        for (CellType type : values()) {
            if (type.label.equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Returns the name used in schemas and messages. */
    String label() {
        return label;
    }

    /** Returns the Arrow type of the column. */
    ArrowType arrowType() {
        return arrowType;
    }

    /** Returns the cell's value (a Boolean, Long, Double or String), or empty when the text is not one. */
    Optional<Object> parse(String text) {
        switch (this) {
            case BOOL:
                return parseBool(text).map(b -> b);
            case INT64:
                return parseLong(text).map(n -> n);
            case FLOAT64:
                return parseDouble(text).map(x -> x);
            default:
                return Optional.of(text);
        }
    }

    static Optional<Boolean> parseBool(String text) {
        String s = text.strip();
        if (s.equalsIgnoreCase("true")) {
            return Optional.of(true);
        }
        if (s.equalsIgnoreCase("false")) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    static Optional<Long> parseLong(String text) {
        String s = text.strip();
        int start = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        if (s.length() == start || s.length() - start > 19) {
            return Optional.empty();
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    /**
     * Parses decimal notation with an optional exponent, and {@code nan}, {@code inf} and
     * {@code infinity} in any case with an optional sign. Java's own parser also takes hex and a
     * trailing {@code d} or {@code f}, which no CSV writer means as a number, so they are checked
     * out first.
     */
    static Optional<Double> parseDouble(String text) {
        String s = text.strip();
        int i = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        if (i < s.length() && Character.isLetter(s.charAt(i))) {
            String rest = s.substring(i).toLowerCase(Locale.ROOT);
            if (rest.equals("nan")) {
                return Optional.of(Double.NaN);
            }
            if (rest.equals("inf") || rest.equals("infinity")) {
                return Optional.of(s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            }
            return Optional.empty();
        }
        int digits = 0;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return Optional.empty();
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return Optional.empty();
            }
        }
        return i == s.length() ? Optional.of(Double.parseDouble(s)) : Optional.empty();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
