package dev.gantry.engine.spi;

import java.util.OptionalInt;

/**
 * How {@code executor: auto} (the default) treats an executor. Auto tries the executors that
 * take part in descending rank and runs the pipeline on the first that suits it
 * ({@link ExecutorProvider#unsuited}) and opens; the local executor takes part with rank 0 and
 * suits every pipeline, so a pipeline always has somewhere to run.
 *
 * @param rank empty when auto never picks the executor (it must then be named)
 */
public record AutoRule(OptionalInt rank) {
    /** Auto never picks the executor: a cluster, say, which a run must ask for by name. */
    public static AutoRule never() {
        return new AutoRule(OptionalInt.empty());
    }

    /** Auto tries the executor before those of lower rank: Docker's is 100, the local executor's 0. */
    public static AutoRule rank(int rank) {
        return new AutoRule(OptionalInt.of(rank));
    }
}
