package dev.gantry.steps.sdk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A typed command-line flag of a step, {@code --name VALUE}. When the flag is not on the command
 * line, its value comes from the environment the engine sets ({@code GANTRY_INPUT_NAME} for an
 * input, {@code GANTRY_OUTPUT_NAME} for an output, {@code GANTRY_PARAM_NAME} for a parameter,
 * upper-cased with {@code -} as {@code _}), and then from its default. Instances are immutable;
 * every {@code with} method returns a new flag.
 *
 * @param <T> the type of the flag's value
 */
public final class Flag<T> {
    /** What a flag stands for, which decides its environment variable. */
    public enum Kind { INPUT, OUTPUT, PARAM }

    /** Turns the raw strings of a flag into its value, or throws a {@link ParamException}. */
    @FunctionalInterface
    interface Converter<T> {
        T convert(List<String> raw, String source);
    }

    private final String name;
    private final Kind kind;
    private final String description;
    private final String label;
    private final Converter<T> converter;
    private final Optional<T> defaultValue;
    private final boolean repeatable;
    private final boolean isSwitch;

    private Flag(String name, Kind kind, String description, String label, Converter<T> converter,
            Optional<T> defaultValue, boolean repeatable, boolean isSwitch) {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a flag name is lower-case letters, digits and '-', was '" + name + "'");
        }
        this.name = name;
        this.kind = kind;
        this.description = description;
        this.label = label;
        this.converter = converter;
        this.defaultValue = defaultValue;
        this.repeatable = repeatable;
        this.isSwitch = isSwitch;
    }

    /** An input file or directory the step reads; {@code GANTRY_INPUT_NAME} is its fallback. */
    public static Flag<Path> input(String name, String description) {
        return new Flag<>(name, Kind.INPUT, description, "PATH", single(Flag::toPath), Optional.empty(), false, false);
    }

    /** An output file or directory the step writes; {@code GANTRY_OUTPUT_NAME} is its fallback. */
    public static Flag<Path> output(String name, String description) {
        return new Flag<>(name, Kind.OUTPUT, description, "PATH", single(Flag::toPath), Optional.empty(), false, false);
    }

    /** A parameter that names a path the step uses besides its inputs and outputs. */
    public static Flag<Path> path(String name, String description) {
        return new Flag<>(name, Kind.PARAM, description, "PATH", single(Flag::toPath), Optional.empty(), false, false);
    }

    /** A text parameter. */
    public static Flag<String> string(String name, String description) {
        return new Flag<>(name, Kind.PARAM, description, "TEXT", single((raw, source) -> raw), Optional.empty(),
                false, false);
    }

    /** A text parameter that must be one of the given choices. */
    public static Flag<String> choice(String name, String description, String... choices) {
        List<String> allowed = List.of(choices);
        Converter<String> converter = single((raw, source) -> {
            if (!allowed.contains(raw)) {
                throw new ParamException(source + " must be one of " + String.join(", ", allowed) + ", was '" + raw + "'");
            }
            return raw;
        });
        return new Flag<>(name, Kind.PARAM, description + " One of: " + String.join(", ", allowed) + ".",
                String.join("|", allowed), converter, Optional.empty(), false, false);
    }

    /** A 32-bit integer parameter. */
    public static Flag<Integer> integer(String name, String description) {
        return new Flag<>(name, Kind.PARAM, description, "N", single((raw, source) -> {
            try {
                return Integer.parseInt(raw.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new ParamException(source + " must be an integer, was '" + raw + "'");
            }
        }), Optional.empty(), false, false);
    }

    /** A 64-bit integer parameter; {@code _} may group digits, as in {@code 10_000_000}. */
    public static Flag<Long> longInteger(String name, String description) {
        return new Flag<>(name, Kind.PARAM, description, "N", single((raw, source) -> {
            try {
                return Long.parseLong(raw.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new ParamException(source + " must be an integer, was '" + raw + "'");
            }
        }), Optional.empty(), false, false);
    }

    /** A floating-point parameter. */
    public static Flag<Double> number(String name, String description) {
        return new Flag<>(name, Kind.PARAM, description, "X", single((raw, source) -> {
            try {
                return Double.parseDouble(raw.strip());
            } catch (NumberFormatException e) {
                throw new ParamException(source + " must be a number, was '" + raw + "'");
            }
        }), Optional.empty(), false, false);
    }

    /** A switch: {@code --name} alone means true, {@code --name=false} false; the default is false. */
    public static Flag<Boolean> bool(String name, String description) {
        return new Flag<>(name, Kind.PARAM, description, "true|false", single((raw, source) -> {
            switch (raw.toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw new ParamException(source + " must be true or false, was '" + raw + "'");
            }
        }), Optional.of(false), false, true);
    }

    /** A comma-separated list; the flag may be repeated, and the lists are joined in order. */
    public static Flag<List<String>> list(String name, String description) {
        Converter<List<String>> converter = (raws, source) -> {
            List<String> items = new ArrayList<>();
            for (String raw : raws) {
                Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(items::add);
            }
            return List.copyOf(items);
        };
        return new Flag<>(name, Kind.PARAM, description, "A,B,...", converter, Optional.of(List.of()), true, false);
    }

    /** A flag that may be repeated, each occurrence one whole value (commas are kept). */
    public static Flag<List<String>> repeated(String name, String description, String label) {
        return new Flag<>(name, Kind.PARAM, description, label, (raws, source) -> List.copyOf(raws),
                Optional.of(List.of()), true, false);
    }

    /** Returns a copy whose value, when none is given, is {@code value}. */
    public Flag<T> withDefault(T value) {
        return new Flag<>(name, kind, description, label, converter, Optional.of(value), repeatable, isSwitch);
    }

    /** Returns a copy with another placeholder for the value in the help, such as {@code COLUMN}. */
    public Flag<T> withLabel(String newLabel) {
        return new Flag<>(name, kind, description, newLabel, converter, defaultValue, repeatable, isSwitch);
    }

    /**
     * Returns a copy that rejects values failing {@code rule}, with the message
     * "{@code --name must be WORDING, was VALUE}".
     */
    public Flag<T> require(Predicate<T> rule, String wording) {
        Converter<T> checked = (raws, source) -> {
            T value = converter.convert(raws, source);
            if (!rule.test(value)) {
                throw new ParamException(source + " must be " + wording + ", was " + String.join(",", raws));
            }
            return value;
        };
        return new Flag<>(name, kind, description, label, checked, defaultValue, repeatable, isSwitch);
    }

    /** Returns the name without the leading dashes. */
    public String name() {
        return name;
    }

    /** Returns what the flag stands for. */
    public Kind kind() {
        return kind;
    }

    /** Returns the help text. */
    public String description() {
        return description;
    }

    /** Returns the placeholder of the value in the help. */
    public String label() {
        return label;
    }

    /** Returns the value used when none is given. */
    public Optional<T> defaultValue() {
        return defaultValue;
    }

    /** Returns whether the flag may appear more than once. */
    public boolean repeatable() {
        return repeatable;
    }

    /** Returns whether the flag is a switch that needs no value. */
    public boolean isSwitch() {
        return isSwitch;
    }

    /** Returns the environment variable that gives the value when the command line does not. */
    public String environmentVariable() {
        String upper = name.toUpperCase(Locale.ROOT).replace('-', '_');
        switch (kind) {
            case INPUT:
                return "GANTRY_INPUT_" + upper;
            case OUTPUT:
                return "GANTRY_OUTPUT_" + upper;
            default:
                return "GANTRY_PARAM_" + upper;
        }
    }

    /** Converts raw values, naming {@code source} (a flag or a variable) in any error. */
    T convert(List<String> raw, String source) {
        return converter.convert(raw, source);
    }

    private static <T> Converter<T> single(java.util.function.BiFunction<String, String, T> parse) {
        return (raws, source) -> parse.apply(raws.get(raws.size() - 1), source);
    }

    private static Path toPath(String raw, String source) {
        if (raw.isBlank()) {
            throw new ParamException(source + " must be a path, was empty");
        }
        return Path.of(raw);
    }

    @Override
    public String toString() {
        return "--" + name;
    }
}
