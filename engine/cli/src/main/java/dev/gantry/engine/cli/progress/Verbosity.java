package dev.gantry.engine.cli.progress;

/** How much of a run the display shows. */
public enum Verbosity {
    /** Only failed steps, with their records, warnings, and the summary. */
    QUIET,
    /** A line per finished step and the summary; off a terminal, every step's output too. */
    NORMAL,
    /** As {@link #NORMAL}, and every line each step prints, after its name, on a terminal too. */
    VERBOSE
}
