package dev.gantry.engine.docker;

import static dev.gantry.engine.docker.DockerCheck.TEST_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.GantryProcess;
import dev.gantry.engine.spi.EngineHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPU requests on a daemon without NVIDIA's toolkit, and containers that a dead engine left behind. */
@RequiresDocker
class DockerGpuAndCleanupTest {
    @TempDir
    Path dir;

    @Test
    void aGpuStepOnADaemonWithoutTheNvidiaToolkitFailsBeforeItStartsWithAClearMessage() throws Exception {
        Files.writeString(dir.resolve("gpu.yaml"), """
                name: gpu
                steps:
                  train:
                    image: %s
                    command: [sh, -c, 'echo should not run']
                    resources: {gpus: 1}
                """.formatted(TEST_IMAGE));

        GantryProcess.Result result = GantryProcess.run(dir, Map.of("GANTRY_GPUS", "0"),
                "run", "gpu.yaml", "--executor", "docker");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.stdout())
                .contains("  failed   train  step 'train' asks for 1 GPU, but this Docker daemon cannot give containers"
                        + " GPUs: the NVIDIA Container Toolkit is not installed or not set up for Docker. Install it on"
                        + " the Docker host, run 'nvidia-ctk runtime configure --runtime=docker' and restart dockerd;"
                        + " or run the step with --executor local\n")
                .doesNotContain("should not run");
    }

    @Test
    void cleanupRemovesTheContainersOfAnEngineThatDiedAndKeepsThoseOfOneStillRunning() throws Exception {
        String self = Long.toString(ProcessHandle.current().pid());
        String selfStarted = Long.toString(ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli());
        String dead;
        String alive;
        try (TestDocker docker = TestDocker.connect()) {
            dead = docker.createLabelled(TEST_IMAGE, Map.of(Labels.RUN, "20260101-000000-dead01", Labels.STEP, "train",
                    Labels.ATTEMPT, "2", Labels.HOST, EngineHost.name(), Labels.PID, "2147483646"));
            alive = docker.createLabelled(TEST_IMAGE, Map.of(Labels.RUN, "20260101-000000-live01", Labels.STEP, "x",
                    Labels.ATTEMPT, "1", Labels.HOST, EngineHost.name(), Labels.PID, self,
                    Labels.PID_STARTED, selfStarted));
        }
        try {
            GantryProcess.Result result = GantryProcess.run(dir, "cleanup", "--executor", "docker");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            // Any engine that connects on this host removes leftovers, so one running beside this
            // test (another build, say) may have removed it first.
            assertThat(result.stdout()).isIn(
                    "docker: removed 1 container left behind by an engine that died: run 20260101-000000-dead01,"
                            + " step train, attempt 2 (" + dead.substring(0, 12) + ")\n",
                    "docker: nothing left behind\n");
            try (TestDocker docker = TestDocker.connect()) {
                assertThat(docker.containerExists(dead)).isFalse();
                assertThat(docker.containerExists(alive)).isTrue();
            }
        } finally {
            try (TestDocker docker = TestDocker.connect()) {
                docker.removeContainer(alive);
            }
        }
    }
}
