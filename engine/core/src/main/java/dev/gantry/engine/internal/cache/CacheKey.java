package dev.gantry.engine.internal.cache;

import java.util.Map;

/**
 * A step's cache key and the parts it was hashed from.
 *
 * @param sha256 the key: SHA-256 of {@code canonicalParts}
 * @param canonicalParts the parts as canonical (sorted-key) JSON
 * @param parts the same parts as a tree of maps, for explaining a miss
 */
public record CacheKey(String sha256, String canonicalParts, Map<String, Object> parts) {}
