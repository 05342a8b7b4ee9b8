package dev.gantry.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable maps that keep insertion order, so specs print and hash the same every time. */
final class Maps {
    private Maps() {}

    static <K, V> Map<K, V> ordered(Map<K, V> source) {
        Map<K, V> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("null key or value in " + source);
            }
            copy.put(k, v);
        });
        return Collections.unmodifiableMap(copy);
    }
}
