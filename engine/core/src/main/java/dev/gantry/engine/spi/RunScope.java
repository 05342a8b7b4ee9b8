package dev.gantry.engine.spi;

import java.nio.file.Path;
import java.util.function.Function;

/** What a run offers an executor preparing its steps ({@link StepExecutor#prepare}). */
public interface RunScope {
    /** The pipeline's directory, which the relative paths of its steps resolve against. */
    Path baseDir();

    /**
     * The content digest of a host file or directory (following links, as a program reading it
     * would), remembered across runs by its stat, and hashed afresh under {@code --verify}.
     */
    String hostDigest(Path path);

    /**
     * A value this run keeps for the executor, made on first use, such as what it has learned of
     * host programs so that each is looked at once per run however many steps start it.
     */
    <T> T memo(Class<T> type, Function<RunScope, T> make);
}
