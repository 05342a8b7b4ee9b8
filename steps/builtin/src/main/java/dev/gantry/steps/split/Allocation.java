package dev.gantry.steps.split;

import java.util.SplittableRandom;

/**
 * Deals the rows of one stratum to the test, validation and train tables so that each gets an
 * exact count, chosen uniformly at random: at each row, with {@code r} rows left, the row goes to
 * test with probability {@code testLeft / r}, else to validation with probability
 * {@code validationLeft / r} (selection sampling). It needs no memory per row, so the table
 * streams through, and the same seed always deals the same way.
 */
final class Allocation {
    /** Where a row goes. */
    enum Part { TRAIN, TEST, VALIDATION }

    private final SplittableRandom random;
    private long remaining;
    private long testLeft;
    private long validationLeft;

    Allocation(long rows, double testFraction, double validationFraction, long seed) {
        this.random = new SplittableRandom(seed);
        this.remaining = rows;
        this.testLeft = Math.round(rows * testFraction);
        this.validationLeft = Math.min(Math.round(rows * validationFraction), rows - testLeft);
    }

    /** Returns how many rows go to test. */
    long testRows() {
        return testLeft;
    }

    /** Deals the next row of the stratum. */
    Part next() {
        if (remaining <= 0) {
            throw new IllegalStateException("more rows than the stratum was counted to have");
        }
        long draw = random.nextLong(remaining);
        remaining--;
        if (draw < testLeft) {
            testLeft--;
            return Part.TEST;
        }
        if (draw < testLeft + validationLeft) {
            validationLeft--;
            return Part.VALIDATION;
        }
        return Part.TRAIN;
    }
}
