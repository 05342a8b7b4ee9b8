package dev.gantry.engine.cli;

/** How commands' help says a run may be named, which {@code RunHistory.find} reads. */
final class RunNames {
    /** The help of a RUN parameter. */
    static final String RUN = "A run id, a unique prefix of one, 'last', or 'last~N' (N runs before the last).";
    /** The same, within another sentence. */
    static final String RUN_SHORT = "an id, a unique prefix of one, 'last' or 'last~N'";

    private RunNames() {}
}
