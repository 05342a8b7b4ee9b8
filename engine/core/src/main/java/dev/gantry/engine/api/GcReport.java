package dev.gantry.engine.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a garbage collection removed, or, for a dry run, would remove; and what it kept, and why.
 *
 * @param dryRun whether nothing was removed, only counted
 * @param runsRemoved the ids of the runs removed, oldest first
 * @param runsKept how many runs were kept, by the first reason that keeps each
 * @param cacheEntriesRemoved how many cache entries were removed
 * @param objectsRemoved how many objects were removed from {@code objects/}
 * @param objectsKept how many objects were kept
 * @param bytesFreed the bytes the removed objects and run directories took on disk
 * @param elapsed how long the collection took
 */
public record GcReport(boolean dryRun, List<String> runsRemoved, Map<KeepReason, Integer> runsKept,
        long cacheEntriesRemoved, long objectsRemoved, long objectsKept, long bytesFreed, Duration elapsed) {
    public GcReport {
        runsRemoved = List.copyOf(runsRemoved);
        runsKept = Map.copyOf(runsKept);
    }
}
