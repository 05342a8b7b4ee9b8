package dev.gantry.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.slurm.RequiresSlurm;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every sample gives the same artifacts, digest for digest, with each step a Slurm batch job as
 * with each step a local process: the same pipeline file, only the executor changed.
 */
@RequiresSlurm
class SamplesOnSlurmTest {
    private static final Path SAMPLES = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hello/hello.yaml", "diamond/diamond.yaml", "fan-out/fan-out.yaml", "sweep/sweep.yaml"})
    void aSampleGivesIdenticalArtifactDigestsAsSlurmJobsAndAsLocalProcesses(String file) {
        Path pipeline = SAMPLES.resolve(file);
        PipelineSpec spec = PipelineYaml.read(pipeline);
        RunOptions options = RunOptions.defaults().withBaseDir(pipeline.getParent());

        RunResult local = run(spec, options.withExecutor(ExecutorChoice.LOCAL), "local");
        RunResult slurm = run(spec, options.withExecutor(new ExecutorChoice("slurm")), "slurm");

        assertThat(local.succeeded()).isTrue();
        assertThat(slurm.succeeded()).as(slurm.toString()).isTrue();
        assertThat(ArtifactDigests.of(slurm)).isEqualTo(ArtifactDigests.of(local)).isNotEmpty();
    }

    private RunResult run(PipelineSpec spec, RunOptions options, String store) {
        try (Gantry gantry = Gantry.open(dir.resolve(store))) {
            return gantry.run(spec, options);
        }
    }
}
