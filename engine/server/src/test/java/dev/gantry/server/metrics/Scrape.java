package dev.gantry.server.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A scrape of {@code /metrics}, read line by line: each sample by its series as written
 * ({@code name{label="value",...}}), with its value. The format itself is checked by promtool.
 */
record Scrape(String text, Map<String, Double> samples) {
    static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Scrape(text, samples);
    }

    /** The value of {@code series}, when the scrape has it. */
    Optional<Double> value(String series) {
        return Optional.ofNullable(samples.get(series));
    }

    /** The value of {@code series}, 0 when the scrape does not have it (a counter nothing has counted yet). */
    double count(String series) {
        return samples.getOrDefault(series, 0.0);
    }
}
