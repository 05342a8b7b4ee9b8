package dev.gantry.yaml;

import dev.gantry.spec.Durations;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.spec.MemorySize;
import dev.gantry.spec.Resources;
import dev.gantry.validation.Problem;
import dev.gantry.validation.SourceLocation;
import dev.gantry.validation.Suggestions;
import dev.gantry.yaml.YamlNode.Entry;
import dev.gantry.yaml.YamlNode.Mapping;
import dev.gantry.yaml.YamlNode.Scalar;
import dev.gantry.yaml.YamlNode.ScalarType;
import dev.gantry.yaml.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads typed values out of YAML nodes and words every problem the same way. A {@code field}
 * argument names the value in messages, such as {@code 'command' in step 'train'}; a
 * {@code context} names a mapping, such as {@code step 'train'}. A method that reports a
 * problem returns empty, and binding goes on so that every problem is found in one pass.
 */
final class Binding {
    /** The keys of a {@code resources} mapping, in the order messages list them. */
    static final List<String> RESOURCES_KEYS = List.of("cpus", "memory", "gpus", "shm", "shareGpus");

    private final List<Problem> problems = new ArrayList<>();

    /** The problems reported so far, in the order found. */
    List<Problem> problems() {
        return problems;
    }

    void report(SourceLocation at, String message) {
        problems.add(Problem.at(at, message));
    }

    /** Reports a value of the wrong type: {@code expected EXPECTED for FIELD, got ...}. */
    void expected(YamlNode node, String expected, String field) {
        report(node.location(), "expected " + expected + " for " + field + ", got " + node.describe());
    }

    /** Reports every key of {@code map} not in {@code allowed}, with a did-you-mean hint or the list of keys. */
    void allowOnly(Mapping map, List<String> allowed, String context) {
        for (Entry e : map.entries()) {
            if (!allowed.contains(e.key())) {
                String hint = Suggestions.didYouMean(e.key(), allowed);
                report(e.keyLocation(), "unknown key '" + e.key() + "' in " + context
                        + (hint.isEmpty() ? " (expected one of: " + String.join(", ", allowed) + ")" : hint));
            }
        }
    }

    /** The value of {@code key}, reporting it missing at {@code where} when it is not written. */
    Optional<YamlNode> required(Mapping map, String key, String context, SourceLocation where) {
        Optional<YamlNode> value = map.entry(key).map(Entry::value);
        if (value.isEmpty()) {
            report(where, "missing required key '" + key + "' in " + context);
        }
        return value;
    }

    Optional<Mapping> mapping(YamlNode node, String field) {
        if (node instanceof Mapping m) {
            return Optional.of(m);
        }
        expected(node, "a mapping", field);
        return Optional.empty();
    }

    /** Any scalar but an empty one, as the text written: {@code 42} gives {@code "42"}. */
    Optional<String> text(YamlNode node, String field) {
        if (node instanceof Scalar s && !s.isNull()) {
            return Optional.of(s.text());
        }
        expected(node, "a string", field);
        return Optional.empty();
    }

    /** Like {@link #text}, and not blank. */
    Optional<String> nonBlankText(YamlNode node, String field) {
        if (node instanceof Scalar s && !s.isNull() && !s.text().isBlank()) {
            return Optional.of(s.text());
        }
        expected(node, "a non-empty string", field);
        return Optional.empty();
    }

    /** A list of scalars as text; each bad item is reported at its own place. */
    Optional<List<String>> textList(YamlNode node, String field) {
        if (!(node instanceof Sequence seq)) {
            expected(node, "a list of strings", field);
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            text(seq.items().get(i), "item " + (i + 1) + " of " + field).ifPresent(items::add);
        }
        return items.size() == seq.items().size() ? Optional.of(items) : Optional.empty();
    }

    Optional<Boolean> bool(YamlNode node, String field) {
        if (node instanceof Scalar s && (s.type() == ScalarType.TRUE || s.type() == ScalarType.FALSE)) {
            return Optional.of(s.type() == ScalarType.TRUE);
        }
        expected(node, "true or false", field);
        return Optional.empty();
    }

    /** A number greater than zero, such as {@code 0.5} or {@code 2}. */
    Optional<Double> positiveNumber(YamlNode node, String field) {
        if (node instanceof Scalar s && (s.type() == ScalarType.INTEGER || s.type() == ScalarType.FLOAT)) {
            try {
                double value = Double.parseDouble(s.text());
                if (value > 0 && Double.isFinite(value)) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // Hexadecimal and other YAML number forms fall through to the message below.
            }
        }
        expected(node, "a number greater than 0", field);
        return Optional.empty();
    }

    /** A whole number of at least {@code min}, written in decimal. */
    Optional<Integer> wholeNumber(YamlNode node, int min, String field) {
        if (node instanceof Scalar s && s.type() == ScalarType.INTEGER) {
            try {
                int value = Integer.parseInt(s.text().replace("_", ""));
                if (value >= min) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // Too large, or not decimal: the message below says what is accepted.
            }
        }
        expected(node, "a whole number of at least " + min, field);
        return Optional.empty();
    }

    /** A duration such as {@code 10s} or {@code 1h30m}. */
    Optional<Duration> duration(YamlNode node, String field) {
        Optional<String> text = text(node, field);
        Optional<Duration> value = text.flatMap(Durations::parse);
        if (text.isPresent() && value.isEmpty()) {
            report(node.location(), "invalid duration '" + text.get() + "' for " + field
                    + " (use a number with ms, s, m, h or d, like 90s or 1h30m)");
        }
        return value;
    }

    /** A memory size such as {@code 512m} or {@code 8g}. */
    Optional<MemorySize> memory(YamlNode node, String field) {
        Optional<String> text = text(node, field);
        Optional<MemorySize> value = text.flatMap(MemorySize::parse);
        if (text.isPresent() && value.isEmpty()) {
            report(node.location(), "invalid memory size '" + text.get() + "' for " + field
                    + " (use a number with k, m, g or t, like 512m or 8g)");
        }
        return value;
    }

    /**
     * The {@code resources} mapping of {@code owner} ({@code defaults} or {@code step 'train'}),
     * with the parts that could be read.
     */
    Resources resources(YamlNode node, String owner) {
        Optional<Mapping> map = mapping(node, "'resources' in " + owner);
        if (map.isEmpty()) {
            return Resources.NONE;
        }
        String context = "resources of " + owner;
        allowOnly(map.get(), RESOURCES_KEYS, context);
        Resources resources = Resources.NONE;
        for (Entry e : map.get().entries()) {
            String field = "'" + e.key() + "' in " + context;
            switch (e.key()) {
                case "cpus" -> resources = positiveNumber(e.value(), field).map(resources::withCpus).orElse(resources);
                case "memory" -> resources = memory(e.value(), field).map(resources::withMemory).orElse(resources);
                case "gpus" -> resources = wholeNumber(e.value(), 0, field).map(resources::withGpus).orElse(resources);
                case "shm" -> resources = memory(e.value(), field).map(resources::withShm).orElse(resources);
                case "shareGpus" -> resources = bool(e.value(), field).map(resources::withShareGpus).orElse(resources);
                default -> { } // Reported by allowOnly.
            }
        }
        return resources;
    }

    /**
     * Settings for particular executors, {@code executors: {NAME: {...}}}: a mapping of executor
     * names to mappings, whose contents each executor checks itself when it runs the step.
     */
    Map<String, Map<String, Object>> executorOptions(YamlNode node, String context) {
        Map<String, Map<String, Object>> options = new LinkedHashMap<>();
        mapping(node, "'executors' in " + context).ifPresent(map -> {
            for (Entry e : map.entries()) {
                if (ExecutorChoice.parse(e.key()).isEmpty()) {
                    report(e.keyLocation(), "'" + e.key() + "' in 'executors' of " + context
                            + " is not an executor's name (lower-case letters, digits and '-', starting with a letter)");
                }
                mapping(e.value(), "'executors." + e.key() + "' in " + context)
                        .ifPresent(m -> options.put(e.key(), YamlValues.map(m)));
            }
        });
        return options;
    }
}
