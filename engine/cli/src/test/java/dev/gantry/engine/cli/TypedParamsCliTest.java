package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed parameters on the command line: a value that does not fit is a usage error, and nothing runs. */
class TypedParamsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void writePipeline() throws Exception {
        Files.writeString(dir.resolve("train.yaml"), """
                name: train
                params:
                  epochs: {type: int, default: 30, description: Training epochs}
                  model: {type: enum, values: [logistic, tree], default: logistic}
                steps:
                  fit:
                    command: [sh, -c, 'echo ${params.model} ${params.epochs} > ${outputs.model}']
                    outputs: {model: file}
                """);
    }

    @Test
    void aRunValueThatDoesNotFitItsTypeExitsTwoAndRecordsNothing() throws Exception {
        GantryProcess.Result run = GantryProcess.run(dir, "run", "train.yaml", "--param", "epochs=ten");
        GantryProcess.Result runs = GantryProcess.run(dir, "runs", "--json");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).isEqualTo("error: param 'epochs' must be an int, got 'ten'\n");
        assertThat(runs.exitCode()).as(runs.stderr()).isZero();
        assertThat(JSON.readTree(runs.stdout())).isEmpty();
    }

    @Test
    void aRerunChecksItsValuesToo() throws Exception {
        GantryProcess.Result first = GantryProcess.run(dir, "run", "train.yaml", "--param", "model=tree");
        GantryProcess.Result rerun = GantryProcess.run(dir, "rerun", "last", "--param", "model=svm");
        GantryProcess.Result runs = GantryProcess.run(dir, "runs", "--json");

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(rerun.exitCode()).as(rerun.stdout() + rerun.stderr()).isEqualTo(2);
        assertThat(rerun.stderr()).isEqualTo("error: param 'model' must be one of logistic, tree, got 'svm'\n");
        JsonNode recorded = JSON.readTree(runs.stdout());
        assertThat(recorded).hasSize(1);
    }
}
