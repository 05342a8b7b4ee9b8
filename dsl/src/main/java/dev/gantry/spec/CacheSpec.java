package dev.gantry.spec;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether a step's results are cached, a salt to invalidate them on purpose, and how long an
 * entry serves.
 *
 * @param enabled false to run the step every time
 * @param version any text; changing it changes the step's cache key
 * @param maxAge how long after it was made an entry still serves; an older one is a miss (and
 *     {@code explain} says it expired). Not in the cache key: changing it invalidates nothing
 */
public record CacheSpec(boolean enabled, Optional<String> version, Optional<Duration> maxAge) {
    /** Cached, with no salt. The default. */
    public static final CacheSpec DEFAULT = new CacheSpec(true, Optional.empty(), Optional.empty());
    /** Never cached. */
    public static final CacheSpec DISABLED = new CacheSpec(false, Optional.empty(), Optional.empty());

    public CacheSpec {
        maxAge.ifPresent(age -> {
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("cache max-age must be more than zero, was " + Durations.format(age));
            }
        });
    }

    /** Cached or not, with a salt, entries never expiring. */
    public CacheSpec(boolean enabled, Optional<String> version) {
        this(enabled, version, Optional.empty());
    }

    public static CacheSpec version(String version) {
        return new CacheSpec(true, Optional.of(version));
    }

    /** This setting, with entries that expire {@code age} after they were made. */
    public CacheSpec withMaxAge(Duration age) {
        return new CacheSpec(enabled, version, Optional.of(age));
    }
}
