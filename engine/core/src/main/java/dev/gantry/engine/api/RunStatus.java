package dev.gantry.engine.api;

import java.util.Locale;

/** Where a run stands. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** The process running it died without finishing it. */
    CRASHED;

    /** The lower-case name used in the CLI, JSON and the run store. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
