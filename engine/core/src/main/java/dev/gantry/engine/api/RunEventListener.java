package dev.gantry.engine.api;

/**
 * Hears runs as they happen, one {@link RunEvent} at a time: the CLI's progress display is one.
 * Register one on a {@code Gantry} ({@code gantry.subscribe(listener)}) to hear every run it
 * makes, or pass one in {@link RunOptions#withListener} to hear a single run.
 *
 * <p>It is called from several threads, at once: the steps of a run that run in parallel report
 * from their own threads, and an engine shared by several runs (the scheduler's) reports them
 * all. A step's own events arrive in order, each after the one before it has returned (see
 * {@link RunEvent} for the order). It is called on the thread that does the work, so it should
 * return quickly: a slow listener slows the run it hears.
 */
@FunctionalInterface
public interface RunEventListener {
    /** Hears {@code event}. */
    void on(RunEvent event);
}
