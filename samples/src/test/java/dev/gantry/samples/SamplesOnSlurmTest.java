package dev.gantry.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.slurm.RequiresSlurm;
import dev.gantry.engine.slurm.TestBundles;
import dev.gantry.settings.SettingsFile;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Files;
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hello/hello.yaml", "diamond/diamond.yaml", "fan-out/fan-out.yaml", "sweep/sweep.yaml"})
    void aSampleGivesIdenticalArtifactDigestsInOciContainersOnSlurm(String file) throws Exception {
        Path pipeline = SAMPLES.resolve(file);
        // The samples name no image, so that they run anywhere; here they get a busybox bundle that
        // mounts the filesystem that holds the store and the samples, as a site's would.
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        TestBundles.busybox(bundles.resolve("busybox"), "busybox", SAMPLES, dir);
        String yaml = Files.readString(pipeline).replaceFirst("(?m)^name: .*$", "$0\ndefaults: {image: busybox}");
        PipelineSpec spec = PipelineYaml.parse(yaml, file);
        RunOptions options = RunOptions.defaults().withBaseDir(pipeline.getParent());

        RunResult local = run(spec, options.withExecutor(ExecutorChoice.LOCAL), "local");
        RunResult slurm;
        try (Gantry gantry = Gantry.open(dir.resolve("slurm")).useSettings(SettingsFile.parse(
                "executors:\n  slurm: {containers: oci, bundles: " + bundles + "}\n", dir.resolve("gantry.yaml")))) {
            slurm = gantry.run(spec, options.withExecutor(new ExecutorChoice("slurm")));
        }

        assertThat(slurm.succeeded()).as(slurm.toString()).isTrue();
        assertThat(ArtifactDigests.of(slurm)).isEqualTo(ArtifactDigests.of(local)).isNotEmpty();
    }

    private RunResult run(PipelineSpec spec, RunOptions options, String store) {
        try (Gantry gantry = Gantry.open(dir.resolve(store))) {
            return gantry.run(spec, options);
        }
    }
}
