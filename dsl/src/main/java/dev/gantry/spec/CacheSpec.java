package dev.gantry.spec;

import java.util.Optional;

/**
 * Whether a step's results are cached, and a salt to invalidate them on purpose.
 *
 * @param enabled false to run the step every time
 * @param version any text; changing it changes the step's cache key
 */
public record CacheSpec(boolean enabled, Optional<String> version) {
    /** Cached, with no salt. The default. */
    public static final CacheSpec DEFAULT = new CacheSpec(true, Optional.empty());
    /** Never cached. */
    public static final CacheSpec DISABLED = new CacheSpec(false, Optional.empty());

    public static CacheSpec version(String version) {
        return new CacheSpec(true, Optional.of(version));
    }
}
