package dev.gantry.spec;

import java.util.Optional;

/**
 * Settings every step of a pipeline inherits unless it sets its own.
 *
 * @param image the default container image
 * @param resources the default resources, merged part by part with each step's
 */
public record Defaults(Optional<String> image, Resources resources) {
    public static final Defaults NONE = new Defaults(Optional.empty(), Resources.NONE);
}
