package dev.gantry.engine.api;

import java.util.Optional;

/**
 * Which steps of a pipeline a run executes.
 *
 * @param from a step that runs with everything downstream of it
 * @param only the one step that runs
 */
public record Selection(Optional<String> from, Optional<String> only) {
    /** Every step. */
    public static final Selection ALL = new Selection(Optional.empty(), Optional.empty());

    public Selection {
        if (from.isPresent() && only.isPresent()) {
            throw new IllegalArgumentException("choose either --from or --only, not both");
        }
    }

    public static Selection from(String step) {
        return new Selection(Optional.of(step), Optional.empty());
    }

    public static Selection only(String step) {
        return new Selection(Optional.empty(), Optional.of(step));
    }
}
