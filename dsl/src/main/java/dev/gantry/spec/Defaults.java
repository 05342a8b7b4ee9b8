package dev.gantry.spec;

import java.util.Map;
import java.util.Optional;

/**
 * Settings every step of a pipeline inherits unless it sets its own.
 *
 * @param image the default container image
 * @param resources the default resources, merged part by part with each step's
 * @param executors settings for particular executors, by executor name, which each step's own
 *     {@code executors} settings override key by key
 */
public record Defaults(Optional<String> image, Resources resources, Map<String, Map<String, Object>> executors) {
    public static final Defaults NONE = new Defaults(Optional.empty(), Resources.NONE);

    public Defaults {
        executors = ExecutorOptions.copy(executors);
    }

    /** Defaults without settings for particular executors. */
    public Defaults(Optional<String> image, Resources resources) {
        this(image, resources, Map.of());
    }
}
