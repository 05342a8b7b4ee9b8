package dev.gantry.engine.docker;

import static dev.gantry.engine.docker.DockerCheck.TEST_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Docker executor against a real daemon: mounts, the step contract, isolation and failures. */
@RequiresDocker
class DockerExecutorTest {
    @TempDir
    Path dir;

    @Test
    void stepsSeeTheirInputsAndOutputsUnderGantryAndPassFilesAlong() throws Exception {
        Pipeline p = Pipeline.named("contract").param("who", "world");
        p.defaultImage(TEST_IMAGE);
        StepBuilder greet = p.step("greet")
                .command("sh", "-c", "echo hello ${params.who} > ${outputs.message}; echo said hello")
                .output("message", ArtifactType.FILE);
        p.step("shout")
                .command("sh", "-c", "tr a-z A-Z < ${inputs.message} > ${outputs.loud};"
                        + " env | grep -E '^(GANTRY_|CUDA|NVIDIA)' | sort > ${outputs.env}")
                .input("message", greet.out("message"))
                .output("loud", ArtifactType.FILE)
                .output("env", ArtifactType.FILE);
        RunResult result;
        String imageId;
        try (DockerRuns docker = new DockerRuns(dir); TestDocker daemon = TestDocker.connect()) {
            result = docker.run(p.build());
            imageId = daemon.imageId(TEST_IMAGE).orElseThrow();
        }

        assertThat(result.status()).as(result.toString()).isEqualTo(RunStatus.SUCCEEDED);
        StepResult shout = result.step("shout").orElseThrow();
        assertThat(Files.readString(shout.outputs().get("loud").path())).isEqualTo("HELLO WORLD\n");
        assertThat(Files.readAllLines(shout.outputs().get("env").path())).containsExactly(
                "CUDA_VISIBLE_DEVICES=",
                "GANTRY_EXECUTOR=docker",
                "GANTRY_IMAGE=" + imageId,
                "GANTRY_INPUT_MESSAGE=/gantry/inputs/message",
                "GANTRY_OUTPUT_ENV=/gantry/outputs/env",
                "GANTRY_OUTPUT_LOUD=/gantry/outputs/loud",
                "GANTRY_RUN_ID=" + result.runId(),
                "GANTRY_STEP=shout",
                "NVIDIA_VISIBLE_DEVICES=void");
        assertThat(Files.readString(result.runDir().resolve("greet/attempt-1.log"))).isEqualTo("said hello\n");
        try (TestDocker docker = TestDocker.connect()) {
            assertThat(docker.containersOfRun(result.runId())).isEmpty();
        }
    }
}
