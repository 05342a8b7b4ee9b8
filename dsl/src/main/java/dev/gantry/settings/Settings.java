package dev.gantry.settings;

import dev.gantry.spec.Durations;
import dev.gantry.spec.MemorySize;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.validation.Problem;
import dev.gantry.validation.SourceLocation;
import dev.gantry.validation.SourceMap;
import dev.gantry.validation.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One mapping of settings, such as an executor's part of {@code gantry.yaml} or a step's
 * {@code executors: {kubernetes: {...}}}, read with typed getters. A getter that finds a value
 * of the wrong kind reports a problem, at the {@code file:line:column} it was written where
 * that is known, and returns empty, so that one pass finds every problem; {@link #check} then
 * throws them all at once. Settings made from the same file share their problems.
 *
 * <p>Values are what YAML gives: text (a number or {@code true} is read from its text), lists
 * and mappings.
 */
public final class Settings {
    private final Map<String, Object> values;
    private final String path;
    private final String source;
    private final SourceMap locations;
    private final List<Problem> problems;

    Settings(Map<String, Object> values, String path, String source, SourceMap locations, List<Problem> problems) {
        this.values = values;
        this.path = path;
        this.source = source;
        this.locations = locations;
        this.problems = problems;
    }

    /** No settings at all, from {@code source} as messages name it. */
    public static Settings empty(String source) {
        return new Settings(Map.of(), "", source, SourceMap.NONE, new ArrayList<>());
    }

    /**
     * Settings held in plain values (text, numbers, booleans, lists and maps of them), such as a
     * pipeline built in Java gives.
     *
     * @param path where they are within {@code source}, as dotted keys: {@code executors.slurm}
     * @param source what holds them, as messages name it: {@code step 'train'}
     */
    public static Settings of(Map<String, ?> values, String path, String source) {
        return new Settings(cast(values), path, source, SourceMap.NONE, new ArrayList<>());
    }

    /**
     * What a step says for {@code executor}: its {@code executors.EXECUTOR} settings over those of
     * its pipeline's {@code defaults}, key by key.
     */
    public static Settings forStep(PipelineSpec pipeline, StepSpec step, String executor) {
        String path = "executors." + executor;
        Settings defaults = of(pipeline.defaults().executors().getOrDefault(executor, Map.of()), path,
                "the defaults of pipeline '" + pipeline.name() + "'");
        return defaults.overriddenBy(of(step.executors().getOrDefault(executor, Map.of()), path,
                "step '" + step.name() + "'"));
    }

    /** What messages call this mapping: {@code 'executors.slurm' in gantry.yaml}, or the source alone at its top. */
    public String context() {
        return path.isEmpty() ? source : "'" + path + "' in " + source;
    }

    /** Whether no key is written. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Whether {@code key} is written. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The keys written, in order. */
    public List<String> keys() {
        return List.copyOf(values.keySet());
    }

    /** Reports every key not in {@code allowed}, with a did-you-mean hint or the list of keys. */
    public void allowOnly(String... allowed) {
        List<String> keys = List.of(allowed);
        for (String key : values.keySet()) {
            if (!keys.contains(key)) {
                String hint = Suggestions.didYouMean(key, keys);
                String expected = keys.isEmpty() ? " (it takes no settings)"
                        : " (expected one of: " + String.join(", ", keys) + ")";
                problem(key, "unknown key '" + key + "' in " + context() + (hint.isEmpty() ? expected : hint));
            }
        }
    }

    /** Any text but an empty one. */
    public Optional<String> text(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof List || value instanceof Map || value.toString().isEmpty()) {
            return expected(key, "a string", value);
        }
        return Optional.of(value.toString());
    }

    /** A whole number. */
    public Optional<Integer> integer(String key) {
        return text(key).flatMap(t -> {
            try {
                return Optional.of(Integer.parseInt(t));
            } catch (NumberFormatException e) {
                return expected(key, "a whole number", t);
            }
        });
    }

    /** {@code true} or {@code false}. */
    public Optional<Boolean> flag(String key) {
        return text(key).flatMap(t -> switch (t) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> expected(key, "true or false", t);
        });
    }

    /** A duration as pipelines write one: {@code 500ms}, {@code 10s}, {@code 1m30s}, {@code 2h}. */
    public Optional<Duration> duration(String key) {
        return text(key).flatMap(t -> Durations.parse(t).or(() -> expected(key, "a duration such as 30s or 5m", t)));
    }

    /** A memory size as pipelines write one: {@code 512m}, {@code 2g}. */
    public Optional<MemorySize> memory(String key) {
        return text(key).flatMap(t -> MemorySize.parse(t).or(() -> expected(key, "a size such as 512m or 2g", t)));
    }

    /** A list of texts; one text alone is a list of one. Empty when absent. */
    public List<String> texts(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            return text(key).map(List::of).orElse(List.of());
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || item instanceof List || item instanceof Map) {
                report(key + "." + i, "expected a string for item " + (i + 1) + " of '" + key + "' in " + context()
                        + ", got " + describe(item));
            } else {
                texts.add(item.toString());
            }
        }
        return texts;
    }

    /** A mapping of texts to texts, in order. Empty when absent. */
    public Map<String, String> textMap(String key) {
        Settings section = section(key);
        Map<String, String> map = new LinkedHashMap<>();
        for (String k : section.keys()) {
            section.text(k).ifPresent(v -> map.put(k, v));
        }
        return map;
    }

    /** The mapping under {@code key}; empty settings when absent. */
    public Settings section(String key) {
        Object value = values.get(key);
        if (value == null) {
            return child(key, Map.of());
        }
        if (!(value instanceof Map<?, ?> map)) {
            expected(key, "a mapping", value);
            return child(key, Map.of());
        }
        return child(key, cast(map));
    }

    /** The list of mappings under {@code key}; empty when absent. */
    public List<Settings> sections(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            expected(key, "a list of mappings", value);
            return List.of();
        }
        List<Settings> sections = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> map) {
                sections.add(new Settings(cast(map), join(key + "." + i), source, locations, problems));
            } else {
                report(key + "." + i, "expected a mapping for item " + (i + 1) + " of '" + key + "' in " + context()
                        + ", got " + describe(list.get(i)));
            }
        }
        return sections;
    }

    /** Reports a problem with the value of {@code key}: {@code message} is the whole sentence. */
    public void problem(String key, String message) {
        report(key, message);
    }

    /** The problems reported so far, in these settings and every other read from the same place. */
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Throws every problem reported so far, if any, in the order they appear in the file. */
    public void check() {
        if (!problems.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(problems);
            sorted.sort(Problem.FILE_ORDER);
            throw new InvalidSettingsException(sorted);
        }
    }

    /** These settings with each key that {@code over} writes taken from it: a step's over its pipeline's. */
    public Settings overriddenBy(Settings over) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(over.values);
        return new Settings(merged, over.path, over.source, over.locations, over.problems);
    }

    private Settings child(String key, Map<String, Object> map) {
        return new Settings(map, join(key), source, locations, problems);
    }

    private <T> Optional<T> expected(String key, String what, Object got) {
        report(key, "expected " + what + " for '" + key + "' in " + context() + ", got " + describe(got));
        return Optional.empty();
    }

    private void report(String key, String message) {
        Optional<SourceLocation> at = locations.find(join(key));
        problems.add(new Problem(at, message));
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "an empty list" : "a list";
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "an empty mapping" : "a mapping";
        }
        return "'" + value + "'";
    }

    private static Map<String, Object> cast(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }
}
