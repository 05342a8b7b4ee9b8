package dev.gantry.samples;

import static dev.gantry.engine.docker.DockerCheck.TEST_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.docker.RequiresDocker;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every sample gives the same artifacts, digest for digest, with each step in its own
 * container as with each step a host process: the same pipeline file runs under both.
 */
@RequiresDocker
class SamplesInDockerTest {
    private static final Path SAMPLES = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hello/hello.yaml", "diamond/diamond.yaml", "fan-out/fan-out.yaml", "sweep/sweep.yaml"})
    void aSampleGivesIdenticalArtifactDigestsInContainersAndAsLocalProcesses(String file) throws Exception {
        Path pipeline = SAMPLES.resolve(file);
        // The samples name no image, so that they run anywhere; here they get a busybox one.
        String yaml = Files.readString(pipeline).replaceFirst("(?m)^name: .*$", "$0\ndefaults: {image: " + TEST_IMAGE + "}");
        PipelineSpec spec = PipelineYaml.parse(yaml, file);
        RunOptions options = RunOptions.defaults().withBaseDir(pipeline.getParent());

        RunResult local = run(spec, options.withExecutor(ExecutorChoice.LOCAL), "local");
        RunResult docker = run(spec, options.withExecutor(ExecutorChoice.DOCKER), "docker");

        assertThat(local.succeeded()).isTrue();
        assertThat(docker.succeeded()).as(docker.toString()).isTrue();
        assertThat(ArtifactDigests.of(docker)).isEqualTo(ArtifactDigests.of(local)).isNotEmpty();
        assertThat(docker.step(docker.steps().get(0).name()).orElseThrow().cacheKey())
                .isNotEqualTo(local.step(local.steps().get(0).name()).orElseThrow().cacheKey());
    }

    private RunResult run(PipelineSpec spec, RunOptions options, String store) {
        try (Gantry gantry = Gantry.open(dir.resolve(store))) {
            return gantry.run(spec, options);
        }
    }
}
