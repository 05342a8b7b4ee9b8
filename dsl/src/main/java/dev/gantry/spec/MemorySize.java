package dev.gantry.spec;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory, written like Docker's {@code --memory}: {@code 512m}, {@code 8g},
 * {@code 1.5g}, {@code 64k} or a plain number of bytes. Units are binary (1k = 1024 bytes).
 */
public record MemorySize(long bytes) implements Comparable<MemorySize> {
    private static final Pattern FORMAT =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "kmgt";

    public MemorySize {
        if (bytes <= 0) {
            throw new IllegalArgumentException("memory size must be positive, was " + bytes);
        }
    }

    /** Parses {@code 512m}, {@code 8g}, {@code 8GiB}; empty when the text is not a size. */
    public static Optional<MemorySize> parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        double multiplier = unit.isEmpty() ? 1 : Math.pow(1024, UNITS.indexOf(unit) + 1);
        long bytes = (long) Math.ceil(Double.parseDouble(m.group(1)) * multiplier);
        return bytes > 0 ? Optional.of(new MemorySize(bytes)) : Optional.empty();
    }

    /** Parses a size or throws with the text in the message. */
    public static MemorySize of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not a memory size (use a number with k, m, g or t, like 512m)"));
    }

    /** The shortest exact form: {@code 512m}, {@code 8g}, or bytes. */
    @Override
    public String toString() {
        for (int i = UNITS.length() - 1; i >= 0; i--) {
            long unit = 1L << (10 * (i + 1));
            if (bytes % unit == 0) {
                return (bytes / unit) + String.valueOf(UNITS.charAt(i));
            }
        }
        return Long.toString(bytes);
    }

    @Override
    public int compareTo(MemorySize other) {
        return Long.compare(bytes, other.bytes);
    }
}
