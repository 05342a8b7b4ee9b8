package dev.gantry.engine.api;

import java.util.Locale;
import java.util.Optional;

/** What started a run. */
public enum RunTrigger {
    /** The {@code gantry} command: {@code run}, {@code rerun} or {@code resume}. */
    CLI,
    /** A pipeline's {@code schedule:}, fired by {@code gantry scheduler} or {@code gantry server}. */
    SCHEDULE,
    /** The web UI or the HTTP API of {@code gantry server}. */
    UI,
    /** A program calling the Java API ({@code Gantry.run}). */
    API;

    /** The lower-case name used in the CLI, JSON and the run store. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The trigger named {@code label}, in any case; empty for any other text. */
    public static Optional<RunTrigger> fromLabel(String label) {
        for (RunTrigger trigger : values()) {
            if (trigger.label().equalsIgnoreCase(label)) {
                return Optional.of(trigger);
            }
        }
        return Optional.empty();
    }
}
