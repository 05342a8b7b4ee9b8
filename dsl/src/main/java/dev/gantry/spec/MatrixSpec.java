package dev.gantry.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A grid over pipeline parameters: a step with a matrix runs once per combination of the
 * values, each run (a trial) seeing those values as its parameters. Axes keep their
 * declaration order; the first axis varies slowest.
 *
 * @param axes parameter name to the values it takes, in order
 */
public record MatrixSpec(Map<String, List<String>> axes) {
    /** No matrix: the step runs once. */
    public static final MatrixSpec NONE = new MatrixSpec(Map.of());

    public MatrixSpec {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        axes.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        axes = Maps.ordered(copy);
    }

    /** A matrix in which every parameter takes one value: one trial's binding. */
    public static MatrixSpec binding(Map<String, String> values) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        values.forEach((name, value) -> axes.put(name, List.of(value)));
        return new MatrixSpec(axes);
    }

    public boolean isEmpty() {
        return axes.isEmpty();
    }

    /** Every combination of values, as parameter name to value, in grid order. */
    public List<Map<String, String>> combinations() {
        List<Map<String, String>> result = new ArrayList<>();
        result.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : result) {
                for (String value : axis.getValue()) {
                    Map<String, String> combination = new LinkedHashMap<>(partial);
                    combination.put(axis.getKey(), value);
                    next.add(combination);
                }
            }
            result = next;
        }
        return isEmpty() ? List.of() : result.stream().map(Maps::ordered).toList();
    }

    /**
     * The parameter values of a single trial: present when every axis has exactly one value,
     * as in the steps a matrix expands into.
     */
    public Optional<Map<String, String>> binding() {
        if (isEmpty() || axes.values().stream().anyMatch(values -> values.size() != 1)) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        axes.forEach((name, list) -> values.put(name, list.get(0)));
        return Optional.of(Maps.ordered(values));
    }
}
