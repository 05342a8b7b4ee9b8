package dev.gantry.engine.cli;

/** The exit codes of every command. */
final class ExitCodes {
    /** Everything worked. */
    static final int OK = 0;
    /** A step failed, or the run was cancelled. */
    static final int STEP_FAILED = 1;
    /** Invalid usage or input: bad options, an invalid pipeline, an unknown run. */
    static final int INVALID_INPUT = 2;
    /** A bug in Gantry (the message asks for --stacktrace), or a damaged store. */
    static final int INTERNAL_ERROR = 3;

    private ExitCodes() {}
}
