package dev.gantry.engine.spi;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A step made ready to run by {@link StepExecutor#prepare}: what it runs in, as its cache key
 * holds it, and whatever the executor needs to start it (a resolved image, the mounts of its
 * code files). The engine hands it back, unchanged, in each attempt's {@link StepLaunch}.
 */
public interface PreparedStep {
    /**
     * What the step runs in, for its cache key: an image ID for containers; for host processes
     * the digests of the step's code files, of the program it starts (and a script's
     * interpreter), of the scripts its command names and of its fingerprint commands' output.
     * Values are strings, numbers, booleans, lists and maps of them.
     */
    Map<String, Object> identity();

    /**
     * Why the step must run without the cache, neither served from it nor stored in it, where
     * its identity cannot say what runs: an image whose tag could not be resolved to a digest.
     * The executor tells the user why ({@link ExecutorContext#notice}). Empty by default.
     */
    default Optional<String> uncachedBecause() {
        return Optional.empty();
    }

    /** A prepared step that needs nothing more than its identity to start. */
    static PreparedStep of(Map<String, Object> identity) {
        Map<String, Object> copy = Collections.unmodifiableMap(new TreeMap<>(identity));
        return () -> copy;
    }
}
