package dev.gantry.engine.cli.format;

import java.util.Locale;

/** Elapsed times for people: {@code 35ms}, {@code 4.2s}, {@code 3m07s}, {@code 1h02m}. */
public final class Durations {
    private Durations() {}

    /** {@code millis} as the shortest of these forms that keeps a tenth of a second under a minute. */
    public static String human(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long s = millis / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
