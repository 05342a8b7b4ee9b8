package dev.gantry.engine.docker;

import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.internal.run.RunEngine;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Runs pipelines with the Docker executor in a test's store, with the settings a test needs. */
final class DockerRuns implements AutoCloseable {
    private final RunStore store;
    private final DockerExecutor executor;
    private final RunEngine engine;
    private final Path baseDir;

    DockerRuns(Path dir, DockerSettings settings) {
        this.store = RunStore.open(new StoreLayout(dir.resolve("store")));
        this.executor = DockerExecutor.connect(settings);
        this.engine = new RunEngine(store, executor);
        this.baseDir = dir;
    }

    DockerRuns(Path dir) {
        this(dir, DockerSettings.defaults().withProgress(System.err, false));
    }

    RunResult run(PipelineSpec spec) {
        return run(spec, o -> o);
    }

    RunResult run(PipelineSpec spec, UnaryOperator<RunOptions> options) {
        return engine.run(spec, options.apply(RunOptions.defaults().withBaseDir(baseDir)));
    }

    RunEngine engine() {
        return engine;
    }

    DockerExecutor executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.close();
        store.close();
    }
}
