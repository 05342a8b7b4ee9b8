package dev.gantry.engine.internal.cache;

import dev.gantry.engine.hash.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The differences between two sets of cache key parts, as {@code part: old -> new} lines. A
 * part's path joins its keys with dots; a key that is not a plain word, such as a program's
 * path, is written in brackets: {@code image.program["/usr/bin/python3"]}.
 */
public final class KeyDiff {
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_-]+");

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
            String path = join(prefix, k);
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
            String path = join(prefix, k);
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                flatten(path, (Map<String, Object>) m, out);
            } else {
                out.put(path, v);
            }
        });
    }

    private static String join(String prefix, String key) {
        if (!WORD.matcher(key).matches()) {
            return prefix + "[" + CanonicalJson.write(key) + "]";
        }
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    private static String show(Object value) {
        return value == null ? "(absent)" : CanonicalJson.write(value);
    }
}
