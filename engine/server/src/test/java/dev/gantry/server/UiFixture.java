package dev.gantry.server;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.spec.ArtifactType;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

/**
 * The store the UI's tests look at, made by real runs: a sweep, a pipeline whose step fails,
 * one whose step outputs an Arrow table, and two runs of a pipeline with different metrics; and
 * the pipeline files the server may start, among them a slow one to watch.
 */
final class UiFixture {
    /** The rows of the Arrow table the {@code table} pipeline outputs. */
    static final int ARROW_ROWS = 30;
    /** What the failing step writes to its log before it exits with code 3. */
    static final String FAILURE_LINE = "error: the training data has no label column";

    final Path store;
    final Path pipelines;
    final RunResult sweep;
    final RunResult failed;
    final RunResult table;
    final RunResult trainLow;
    final RunResult trainHigh;

    private UiFixture(Path store, Path pipelines, RunResult sweep, RunResult failed, RunResult table,
            RunResult trainLow, RunResult trainHigh) {
        this.store = store;
        this.pipelines = pipelines;
        this.sweep = sweep;
        this.failed = failed;
        this.table = table;
        this.trainLow = trainLow;
        this.trainHigh = trainHigh;
    }

    static UiFixture create(Path dir) throws Exception {
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        Files.copy(repositoryRoot().resolve("samples/sweep/sweep.yaml"), pipelines.resolve("sweep.yaml"));
        Files.writeString(pipelines.resolve("slow.yaml"), """
                name: slow
                params:
                  seed: 0
                steps:
                  fetch:
                    command: [sh, -c, 'sleep 0.7; echo "seed ${params.seed}" > "${outputs.data}"']
                    outputs: {data: file}
                  left:
                    command: [sh, -c, 'sleep 0.7; cat "${inputs.data}" > "${outputs.half}"']
                    inputs: {data: fetch.data}
                    outputs: {half: file}
                  right:
                    command: [sh, -c, 'sleep 0.7; cat "${inputs.data}" > "${outputs.half}"']
                    inputs: {data: fetch.data}
                    outputs: {half: file}
                  join:
                    command: [sh, -c, 'sleep 0.7; cat "${inputs.a}" "${inputs.b}" > "${outputs.both}"']
                    inputs: {a: left.half, b: right.half}
                    outputs: {both: file}
                """);
        Files.writeString(pipelines.resolve("train.yaml"), """
                name: train
                params:
                  accuracy: 0.5
                steps:
                  evaluate:
                    command: [sh, -c, 'echo "{\\"accuracy\\": ${params.accuracy}, \\"rows\\": 120}" > "${outputs.metrics}"']
                    outputs: {metrics: metrics}
                """);
        Files.writeString(pipelines.resolve("fails.yaml"), """
                name: fails
                steps:
                  prepare:
                    command: [sh, -c, 'echo rows > "${outputs.data}"']
                    outputs: {data: file}
                  train:
                    command: [sh, -c, 'echo "loading ${inputs.data}"; echo "%s" >&2; exit 3']
                    inputs: {data: prepare.data}
                """.formatted(FAILURE_LINE));
        Path arrowFile = dir.resolve("scores.arrow");
        writeArrowTable(arrowFile);
        Path store = dir.resolve("store");
        try (Gantry gantry = Gantry.open(store)) {
            RunOptions options = RunOptions.defaults().withBaseDir(dir);
            RunResult sweep = expect(gantry.run(pipelines.resolve("sweep.yaml"), options), RunStatus.SUCCEEDED);
            RunResult failed = expect(gantry.run(pipelines.resolve("fails.yaml"), options), RunStatus.FAILED);
            Pipeline arrow = Pipeline.named("table");
            arrow.step("copy").command("cp", "${inputs.src}", "${outputs.scores}")
                    .inputFile("src", arrowFile.getFileName().toString())
                    .output("scores", ArtifactType.ARROW);
            RunResult table = expect(gantry.run(arrow.build(), options), RunStatus.SUCCEEDED);
            RunResult low = expect(gantry.run(pipelines.resolve("train.yaml"), options.withParam("accuracy", "0.81")),
                    RunStatus.SUCCEEDED);
            RunResult high = expect(gantry.run(pipelines.resolve("train.yaml"), options.withParam("accuracy", "0.93")),
                    RunStatus.SUCCEEDED);
            return new UiFixture(store, pipelines, sweep, failed, table, low, high);
        }
    }

    /** Runs the slow pipeline with {@code seed} through the Java API, as another process would. */
    RunResult runSlow(String seed) {
        try (Gantry gantry = Gantry.open(store)) {
            return gantry.run(pipelines.resolve("slow.yaml"), RunOptions.defaults().withParam("seed", seed));
        }
    }

    private static RunResult expect(RunResult result, RunStatus status) {
        if (result.status() != status) {
            throw new IllegalStateException("run " + result.runId() + " of the fixture ended " + result.status()
                    + ", not " + status);
        }
        return result;
    }

    /** The table: id 0 to 29, name row-0 to row-29, score id / 4. */
    private static void writeArrowTable(Path file) throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector id = new BigIntVector("id", allocator);
                VarCharVector name = new VarCharVector("name", allocator);
                Float8Vector score = new Float8Vector("score", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(id, name, score);
                FileOutputStream out = new FileOutputStream(file.toFile());
                ArrowFileWriter writer = new ArrowFileWriter(root, null, out.getChannel())) {
            writer.start();
            id.allocateNew(ARROW_ROWS);
            name.allocateNew(ARROW_ROWS);
            score.allocateNew(ARROW_ROWS);
            for (int i = 0; i < ARROW_ROWS; i++) {
                id.set(i, i);
                name.setSafe(i, ("row-" + i).getBytes(StandardCharsets.UTF_8));
                score.set(i, i / 4.0);
            }
            root.setRowCount(ARROW_ROWS);
            writer.writeBatch();
            writer.end();
        }
    }

    /** The repository's root: the tests run in engine/server. */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("samples/sweep"))) {
                return p;
            }
        }
        throw new IllegalStateException("no samples/sweep above " + here);
    }
}
