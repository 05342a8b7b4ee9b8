package dev.gantry.engine.internal.gc;

import java.util.Arrays;

/**
 * A set of SHA-256 digests (hex) kept in eight bytes each: the first 64 bits of each, sorted. Two
 * digests that share those bits count as one, so {@link #contains} may say yes for a digest
 * never added (about once in 10^7 for a million digests), never no for one that was: collection
 * asks it what to keep, and a false yes only keeps an object one more round.
 */
final class DigestSet {
    private long[] values = new long[1024];
    private int size;
    private boolean sorted = true;

    /** Adds {@code hex}; text that is not a digest is ignored. */
    void add(String hex) {
        if (hex == null || hex.length() < 16) {
            return;
        }
        long prefix;
        try {
            prefix = Long.parseUnsignedLong(hex, 0, 16, 16);
        } catch (NumberFormatException e) {
            return;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = prefix;
        sorted = false;
    }

    /**
     * Sorts the set for lookups; after this, and until the next {@link #add}, {@link #contains}
     * may be called from several threads.
     */
    void seal() {
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
    }

    /** Whether {@code hex} was added (or shares its first 64 bits with one that was). */
    boolean contains(String hex) {
        seal();
        long prefix;
        try {
            prefix = Long.parseUnsignedLong(hex, 0, 16, 16);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return false;
        }
        return Arrays.binarySearch(values, 0, size, prefix) >= 0;
    }
}
