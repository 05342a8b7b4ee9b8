package dev.gantry.engine.cli;

import java.util.Locale;

/** Sizes as people read them: {@code 512 B}, {@code 3.4 MB}, {@code 1.1 GB} (powers of 1000). */
final class Bytes {
    private static final String[] UNITS = {"kB", "MB", "GB", "TB"};

    private Bytes() {}

    static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
