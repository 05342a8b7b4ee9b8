package dev.gantry.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How often a failed step is tried, in all, how long to wait between tries, which failures are
 * worth another try, and how a step's memory grows from one try to the next. The wait doubles
 * after each failed attempt.
 *
 * <p>Without {@code on}, exit codes, timeouts, infrastructure failures and preemptions are
 * retried; a step
 * killed for its memory is retried only when {@code memoryGrowth} says how its memory grows,
 * since the same limit would kill it again; a step that could not start, whose output was
 * invalid or whose run was cancelled never is.
 *
 * @param attempts total attempts, at least 1
 * @param backoff wait before the second attempt
 * @param on the failures that are retried, when not the default ones
 * @param memoryGrowth what each retry after running out of memory multiplies the step's memory
 *     by, more than 1 ({@code memory: x2} is 2)
 */
public record RetrySpec(int attempts, Duration backoff, Optional<RetryOn> on, Optional<Double> memoryGrowth) {
    /** One attempt, no retry. */
    public static final RetrySpec NONE = new RetrySpec(1, Duration.ZERO);

    public RetrySpec {
        if (attempts < 1) {
            throw new IllegalArgumentException("retry attempts must be >= 1, was " + attempts);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("retry backoff must not be negative, was " + backoff);
        }
        if (memoryGrowth.isPresent() && !(memoryGrowth.get() > 1 && memoryGrowth.get() <= 16)) {
            throw new IllegalArgumentException("retry memory growth must be more than x1 and at most x16, was x"
                    + memoryGrowth.get());
        }
        if (on.isPresent() && on.get().kinds().contains(FailureKind.OUT_OF_MEMORY) && memoryGrowth.isEmpty()) {
            throw new IllegalArgumentException("retrying on out-of-memory needs a memory growth, such as"
                    + " 'memory: x2': at the same limit the step would run out again");
        }
    }

    /** {@code attempts} tries with {@code backoff} before the second, on the default failures. */
    public RetrySpec(int attempts, Duration backoff) {
        this(attempts, backoff, Optional.empty(), Optional.empty());
    }

    /** Whether a failure of {@code kind}, with {@code exitCode} where it has one, is tried again. */
    public boolean retries(FailureKind kind, Optional<Integer> exitCode) {
        return switch (kind) {
            case COULD_NOT_START, CANCELLED, INVALID_OUTPUT, UNSCHEDULABLE -> false;
            case OUT_OF_MEMORY -> memoryGrowth.isPresent()
                    && on.map(o -> o.kinds().contains(kind)).orElse(true);
            case EXIT_CODE -> on.map(o -> o.kinds().contains(kind)
                    || exitCode.map(o.exitCodes()::contains).orElse(false)).orElse(true);
            case TIMEOUT, INFRASTRUCTURE, PREEMPTED -> on.map(o -> o.kinds().contains(kind)).orElse(true);
        };
    }

    /**
     * The failures a step's {@code retry: {on: [...]}} names.
     *
     * @param kinds failure kinds, any exit code included for {@link FailureKind#EXIT_CODE}
     * @param exitCodes the exit codes that are retried when not all are
     */
    public record RetryOn(List<FailureKind> kinds, List<Integer> exitCodes) {
        /** The kinds a policy may name: the others are never worth another try. */
        public static final List<FailureKind> RETRYABLE = List.of(FailureKind.EXIT_CODE, FailureKind.OUT_OF_MEMORY,
                FailureKind.TIMEOUT, FailureKind.INFRASTRUCTURE, FailureKind.PREEMPTED);

        public RetryOn {
            kinds = List.copyOf(kinds);
            exitCodes = List.copyOf(exitCodes);
            for (FailureKind kind : kinds) {
                if (!RETRYABLE.contains(kind)) {
                    throw new IllegalArgumentException(kind.yamlName() + " is never retried");
                }
            }
            for (int code : exitCodes) {
                if (code < 1 || code > 255) {
                    throw new IllegalArgumentException("an exit code to retry on is 1 to 255, was " + code);
                }
            }
        }
    }
}
