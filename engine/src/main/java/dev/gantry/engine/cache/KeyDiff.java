package dev.gantry.engine.cache;

import dev.gantry.engine.hash.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** The differences between two sets of cache key parts, as {@code part: old -> new} lines. */
public final class KeyDiff {
    private KeyDiff() {}

    /** Each leaf part that differs, as {@code path: before -> after}; empty when equal. */
    public static List<String> between(String beforeJson, String afterJson) {
        List<String> lines = new ArrayList<>();
        diff("", CanonicalJson.readObject(beforeJson), CanonicalJson.readObject(afterJson), lines);
        return lines;
    }

    /** The parts as {@code path: value} lines, nested maps flattened with dots. */
    public static List<String> describe(String partsJson) {
        Map<String, Object> flat = new TreeMap<>();
        flatten("", CanonicalJson.readObject(partsJson), flat);
        List<String> lines = new ArrayList<>();
        flat.forEach((k, v) -> lines.add(k + ": " + CanonicalJson.write(v)));
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static void diff(String prefix, Map<String, Object> before, Map<String, Object> after, List<String> out) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            Object b = before.get(k);
            Object a = after.get(k);
            String path = prefix.isEmpty() ? k : prefix + "." + k;
            if (b instanceof Map<?, ?> bm && a instanceof Map<?, ?> am) {
                diff(path, (Map<String, Object>) bm, (Map<String, Object>) am, out);
            } else if (!Objects.equals(b, a)) {
                out.add(path + ": " + show(b) + " -> " + show(a));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> parts, Map<String, Object> out) {
        parts.forEach((k, v) -> {
            String path = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                flatten(path, (Map<String, Object>) m, out);
            } else {
                out.put(path, v);
            }
        });
    }

    private static String show(Object value) {
        return value == null ? "(absent)" : CanonicalJson.write(value);
    }
}
