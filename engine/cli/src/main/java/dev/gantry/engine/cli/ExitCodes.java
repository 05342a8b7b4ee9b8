package dev.gantry.engine.cli;

import dev.gantry.error.GantryException;

/** The exit codes of every command; a {@link GantryException} carries its own. */
final class ExitCodes {
    /** Everything worked. */
    static final int OK = 0;
    /** A step failed, or the run was cancelled. */
    static final int STEP_FAILED = GantryException.STEP_FAILED;
    /** Invalid usage or input: bad options, an invalid pipeline, an unknown run. */
    static final int INVALID_INPUT = GantryException.INVALID_INPUT;
    /** A failure of the store (a database that cannot be reached, a damaged one), or a bug in Gantry. */
    static final int INTERNAL_ERROR = GantryException.STORE_OR_INTERNAL;

    private ExitCodes() {}
}
