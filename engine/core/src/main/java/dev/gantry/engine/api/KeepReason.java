package dev.gantry.engine.api;

/** Why garbage collection kept a run; a run kept for several reasons counts under the first. */
public enum KeepReason {
    /** The run is still going on: every object it has recorded, or may still read, stays. */
    RUNNING("running"),
    /** The run has a tag ({@code gantry tag}). */
    TAGGED("tagged"),
    /** A model version in a registry records that it was made by this run. */
    REGISTERED_MODEL("registered-model"),
    /** The retention policy keeps it, for its age or as one of its pipeline's newest runs. */
    POLICY("policy");

    private final String label;

    KeepReason(String label) {
        this.label = label;
    }

    /** The name in reports and JSON, such as {@code registered-model}. */
    public String label() {
        return label;
    }
}
