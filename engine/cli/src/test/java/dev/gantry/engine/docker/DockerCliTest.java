package dev.gantry.engine.docker;

import static dev.gantry.engine.docker.DockerCheck.TEST_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the executor on the command line, and what a user sees when Docker is not there. */
class DockerCliTest {
    @TempDir
    Path dir;

    @BeforeEach
    void writePipeline() throws Exception {
        Files.writeString(dir.resolve("boxed.yaml"), """
                name: boxed
                defaults: {image: %s}
                steps:
                  hello:
                    command: [sh, -c, 'echo hello > ${outputs.o}']
                    outputs: {o: file}
                """.formatted(TEST_IMAGE));
    }

    private Map<String, String> noDaemon() {
        return Map.of("DOCKER_HOST", "unix://" + dir.resolve("no-daemon.sock"));
    }

    @Test
    void aDaemonThatCannotBeReachedGivesOneMessageSayingWhatToCheck() throws Exception {
        GantryProcess.Result result = GantryProcess.run(dir, noDaemon(), "run", "boxed.yaml", "--executor", "docker");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("error: cannot reach the Docker daemon at unix://"
                + dir.resolve("no-daemon.sock") + " (No such file or directory). Check that Docker is running"
                + " ('docker info' answers), that DOCKER_HOST names the daemon if it is not the default, and that"
                + " this user may use it (on Linux, the docker group); or run the steps as local processes with"
                + " --executor local\n");
    }

    @Test
    void autoFallsBackToLocalProcessesWithAOneLineNoticeWhenNoDaemonAnswers() throws Exception {
        GantryProcess.Result result = GantryProcess.run(dir, noDaemon(), "run", "boxed.yaml");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).startsWith("notice: running the steps as local processes: no Docker daemon"
                + " answers at unix://" + dir.resolve("no-daemon.sock") + " (No such file or directory)\nrun ");
    }

    @Test
    void autoRunsAPipelineWithoutImagesLocallyWithoutANotice() throws Exception {
        Files.writeString(dir.resolve("plain.yaml"), "name: plain\nsteps: {a: {command: [true]}}\n");

        GantryProcess.Result result = GantryProcess.run(dir, noDaemon(), "run", "plain.yaml");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("run ").doesNotContain("notice");
    }

    @Test
    void theDockerExecutorRefusesStepsWithoutAnImageBeforeTheRunStarts() throws Exception {
        Files.writeString(dir.resolve("plain.yaml"), "name: plain\nsteps: {a: {command: [true]}, b: {command: [true]}}\n");

        GantryProcess.Result result = GantryProcess.run(dir, noDaemon(), "run", "plain.yaml", "--executor", "docker");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("error: steps 'a', 'b' name no image, which the docker executor needs:"
                + " set 'image' or 'build' on them, or 'defaults: {image: ...}' in the pipeline; or use --executor local\n");
    }

    @Test
    void anExecutorThatIsNotInstalledIsAUsageErrorThatNamesTheInstalledOnes() throws Exception {
        GantryProcess.Result result = GantryProcess.run(dir, "run", "boxed.yaml", "--executor", "nomad");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr())
                .isEqualTo("error: unknown executor 'nomad'; installed: local, docker, kubernetes, slurm\n");
    }

    @Test
    void aMisspeltExecutorGetsADidYouMean() throws Exception {
        GantryProcess.Result result = GantryProcess.run(dir, "run", "boxed.yaml", "--executor", "dockr");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr())
                .isEqualTo("error: unknown executor 'dockr' (did you mean 'docker'?); installed: local, docker,"
                        + " kubernetes, slurm\n");
    }

    @Test
    void aMalformedExecutorNameIsAUsageError() throws Exception {
        GantryProcess.Result result = GantryProcess.run(dir, "run", "boxed.yaml", "--executor", "Docker");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("error: invalid executor 'Docker' for --executor (an executor's name"
                + " is lower-case letters, digits and '-', such as local, docker or auto)\n");
    }

    @Test
    void anExecutorThatThePipelineNamesIsCheckedToo() throws Exception {
        Files.writeString(dir.resolve("nomad.yaml"), """
                name: nomad
                executor: nomad
                steps:
                  a: {command: [true]}
                """);

        GantryProcess.Result result = GantryProcess.run(dir, "run", "nomad.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr())
                .isEqualTo("error: unknown executor 'nomad' in pipeline 'nomad'; installed: local, docker,"
                        + " kubernetes, slurm\n");
    }
}
