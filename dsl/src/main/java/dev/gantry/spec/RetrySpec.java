package dev.gantry.spec;

import java.time.Duration;

/**
 * How often a failed step is tried, in all, and how long to wait between tries. The wait
 * doubles after each failed attempt.
 *
 * @param attempts total attempts, at least 1
 * @param backoff wait before the second attempt
 */
public record RetrySpec(int attempts, Duration backoff) {
    /** One attempt, no retry. */
    public static final RetrySpec NONE = new RetrySpec(1, Duration.ZERO);

    public RetrySpec {
        if (attempts < 1) {
            throw new IllegalArgumentException("retry attempts must be >= 1, was " + attempts);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("retry backoff must not be negative, was " + backoff);
        }
    }
}
