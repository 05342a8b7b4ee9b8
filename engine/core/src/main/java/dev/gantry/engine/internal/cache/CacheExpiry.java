package dev.gantry.engine.internal.cache;

import dev.gantry.spec.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A step's {@code cache: {max-age}}: whether an entry is too old to serve, and the note a step
 * that ran for that reason records as its message, which {@code explain} reads back (the entry
 * itself is replaced by the step's new one, so nothing else remembers it).
 */
public final class CacheExpiry {
    private static final String PREFIX = "its cached result from run ";

    private CacheExpiry() {}

    /** The note for a step whose entry from {@code runId}, made at {@code createdAt}, is older than {@code maxAge} at {@code now}; empty if it still serves. */
    public static Optional<String> expired(Optional<Duration> maxAge, String runId, Instant createdAt, Instant now) {
        if (maxAge.isEmpty() || !createdAt.plus(maxAge.get()).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of(PREFIX + runId + " (made " + createdAt.truncatedTo(ChronoUnit.SECONDS) + ") had expired: "
                + "older than its max-age of " + Durations.format(maxAge.get()));
    }

    /** Whether {@code message}, a recorded step's, says that its cached result had expired. */
    public static boolean isExpiryNote(String message) {
        return message.startsWith(PREFIX) && message.contains(") had expired: older than its max-age of ");
    }
}
