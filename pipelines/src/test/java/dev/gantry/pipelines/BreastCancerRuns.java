package dev.gantry.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ExecutorChoice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs {@code breast-cancer.yaml} in a scratch copy of the repository's layout (the pipeline in
 * {@code pipelines/}, its data in {@code samples/data/}), so the model registry it writes beside
 * the pipeline, and the store, are the test's own.
 */
final class BreastCancerRuns implements AutoCloseable {
    /** The pipelines module, the tests' working directory. */
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final ObjectMapper JSON_MAPPER = new ObjectMapper();

    private final Path pipeline;
    private final ExecutorChoice executor;
    private final Gantry gantry;

    BreastCancerRuns(Path dir, ExecutorChoice executor) {
        this.pipeline = dir.resolve("pipelines/breast-cancer.yaml");
        this.executor = executor;
        try {
            Files.createDirectories(pipeline.getParent());
            Files.copy(MODULE.resolve("breast-cancer.yaml"), pipeline);
            Path data = dir.resolve("samples/data/breast_cancer.csv");
            Files.createDirectories(data.getParent());
            Files.copy(MODULE.resolve("../samples/data/breast_cancer.csv"), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.gantry = Gantry.open(dir.resolve("store"));
    }

    /** Runs the pipeline with {@code params} overriding its defaults. */
    RunResult run(Map<String, String> params) {
        RunOptions options = RunOptions.defaults().withExecutor(executor);
        for (Map.Entry<String, String> p : params.entrySet()) {
            options = options.withParam(p.getKey(), p.getValue());
        }
        return gantry.run(pipeline, options);
    }

    /** The model's folder in the registry the deploy step writes, beside the pipeline. */
    Path registry() {
        return pipeline.resolveSibling("registry");
    }

    /** Each step's status, in the pipeline's order. */
    static Map<String, StepStatus> statuses(RunResult result) {
        Map<String, StepStatus> statuses = new LinkedHashMap<>();
        for (StepResult step : result.steps()) {
            statuses.put(step.name(), step.status());
        }
        return statuses;
    }

    /** An output of a step, read as JSON: a metrics artifact, or deploy's deployment file. */
    static JsonNode json(RunResult result, String step, String output) {
        return read(result.step(step).orElseThrow().outputs().get(output).path());
    }

    static JsonNode read(Path file) {
        try {
            return JSON_MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each step's status and message, for an assertion's description. */
    static String describe(RunResult result) {
        StringBuilder text = new StringBuilder("run " + result.runId() + " " + result.status().label() + ":");
        for (StepResult step : result.steps()) {
            text.append("\n  ").append(step.name()).append(' ').append(step.status().label())
                    .append(step.message().map(m -> ": " + m).orElse(""));
        }
        return text.toString();
    }

    @Override
    public void close() {
        gantry.close();
    }
}
