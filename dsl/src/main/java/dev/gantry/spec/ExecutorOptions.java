package dev.gantry.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings for particular executors, as steps and pipeline defaults hold them ({@code executors:
 * {slurm: {partition: gpu}}}): executor name to a mapping of plain values (text, lists and
 * maps), deeply immutable and in the order written.
 */
public final class ExecutorOptions {
    private ExecutorOptions() {}

    /** A deep, immutable copy of {@code options}, with null values left out. */
    public static Map<String, Map<String, Object>> copy(Map<String, Map<String, Object>> options) {
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        options.forEach((executor, settings) -> copy.put(executor, map(settings)));
        return Collections.unmodifiableMap(copy);
    }

    private static Map<String, Object> map(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                copy.put(String.valueOf(k), value(v));
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Object value(Object v) {
        if (v instanceof Map<?, ?> m) {
            return map(m);
        }
        if (v instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.stream().filter(item -> item != null).forEach(item -> copy.add(value(item)));
            return Collections.unmodifiableList(copy);
        }
        return v.toString();
    }
}
