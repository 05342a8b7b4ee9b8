package dev.gantry.engine.cli.progress;

import dev.gantry.engine.api.RunListener;

/**
 * A run's display: it hears the run, and is closed when the command is done with it, so that a
 * run that ended without its last event (the store failed under it) leaves no live lines on the
 * screen and no lines unwritten.
 */
public interface RunDisplay extends RunListener, AutoCloseable {
    /** Stops drawing, clears what was drawn in place and writes what is still pending; closing again does nothing. */
    @Override
    void close();
}
