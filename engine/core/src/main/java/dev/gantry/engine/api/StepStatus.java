package dev.gantry.engine.api;

import java.util.Locale;

/** Where a step of a run stands. */
public enum StepStatus {
    /** Waiting for its inputs or for resources. */
    PENDING,
    /** Its command is running. */
    RUNNING,
    /** It ran and its outputs are in the store. */
    SUCCEEDED,
    /** Its outputs came from the cache; nothing ran. */
    CACHED,
    /** Its last attempt failed, or its outputs were invalid. */
    FAILED,
    /** It did not run because a step before it failed, or it was outside the selection. */
    SKIPPED,
    /** The run was stopped before or while it ran. */
    CANCELLED;

    /** The lower-case name used in the CLI, JSON and the run store. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StepStatus fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** Whether the step is over, one way or another. */
    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }

    /** Whether the step's outputs are available to the steps after it. */
    public boolean hasOutputs() {
        return this == SUCCEEDED || this == CACHED;
    }
}
