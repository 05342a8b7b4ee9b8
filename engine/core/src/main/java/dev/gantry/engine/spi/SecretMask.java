package dev.gantry.engine.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every secret value in a line of a step's output with {@code ***}, before the line
 * reaches the log file or the console. A value of several lines is masked line by line, as
 * output is masked a line at a time.
 */
public final class SecretMask {
    /** What a secret value is replaced with. */
    public static final String MASK = "***";
    /** A mask that masks nothing, for a run without secrets. */
    public static final SecretMask NONE = new SecretMask(List.of());

    /** The values to replace, longest first, so a value that contains another is masked whole. */
    private final List<String> values;
    private final int longest;

    private SecretMask(List<String> values) {
        this.values = values;
        this.longest = values.isEmpty() ? 0 : values.get(0).length();
    }

    /** A mask of {@code secrets}' values; empty values mask nothing. */
    public static SecretMask of(Collection<String> secrets) {
        Set<String> parts = new LinkedHashSet<>();
        for (String secret : secrets) {
            for (String line : secret.split("\r?\n")) {
                if (!line.isEmpty()) {
                    parts.add(line);
                }
            }
        }
        List<String> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretMask(List.copyOf(sorted));
    }

    /** Whether there is nothing to mask. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * How much of the end of unfinished output a masker must hold back before passing the rest
     * on: one character less than the longest value, which is the most of a value that text
     * can end with before the value is complete.
     */
    public int holdBack() {
        return Math.max(0, longest - 1);
    }

    /** {@code text} with every secret value in it replaced by {@code ***}. */
    public String apply(String text) {
        String masked = text;
        for (String value : values) {
            if (masked.contains(value)) {
                masked = masked.replace(value, MASK);
            }
        }
        return masked;
    }

    @Override
    public String toString() {
        return "SecretMask[" + values.size() + " values]";
    }
}
