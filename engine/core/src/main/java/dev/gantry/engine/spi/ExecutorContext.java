package dev.gantry.engine.spi;

/** What the engine offers an executor it opens. */
public interface ExecutorContext {
    /**
     * Tells the user something worth knowing that is not an error, such as containers an engine
     * that died left behind and that opening the executor removed.
     */
    void notice(String message);
}
