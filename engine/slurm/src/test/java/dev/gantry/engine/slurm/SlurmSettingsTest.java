package dev.gantry.engine.slurm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.PlanException;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.settings.InvalidSettingsException;
import dev.gantry.spec.ExecutorChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Slurm executor's part of gantry.yaml is checked whenever any run starts, every problem at its line. */
class SlurmSettingsTest {
    @TempDir
    Path dir;

    @Test
    void aMistakeInTheSlurmSettingsIsSaidByALocalRunBeforeAnythingRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("gantry.yaml"), """
                executors:
                  slurm:
                    poll: 1ms
                    parallel: 0
                    containers: docker
                    bundles: relative/dir
                    flags: [constraint=a100]
                """);
        Pipeline p = Pipeline.named("local");
        p.step("a").command("true");

        try (Gantry gantry = Gantry.open(dir.resolve(".gantry"))) {
            assertThatThrownBy(() -> gantry.run(p.build(), RunOptions.defaults().withBaseDir(dir)
                    .withExecutor(ExecutorChoice.LOCAL)))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessage(file + ":3:5: 'poll' in 'executors.slurm' in " + file + " is 1 ms; at least 50ms, since"
                            + " each poll is one squeue call to slurmctld\n"
                            + file + ":4:5: 'parallel' in 'executors.slurm' in " + file + " must be at least 1, was 0\n"
                            + file + ":5:5: 'containers' in 'executors.slurm' in " + file + " is 'none' (steps are host"
                            + " programs) or 'oci' (steps with an image run in it through Slurm's OCI support), was"
                            + " 'docker'\n"
                            + file + ":6:5: 'bundles' in 'executors.slurm' in " + file + " must be an absolute path on"
                            + " the filesystem the nodes share, was 'relative/dir'\n"
                            + file + ":7:5: 'constraint=a100' in 'flags' of 'executors.slurm' in " + file + " is not an"
                            + " sbatch flag; write each as one word, such as --constraint=a100");
        }
    }

    @Test
    void aStepsOwnSlurmSettingsAreCheckedBeforeAnyJobIsSubmitted() {
        Pipeline p = Pipeline.named("placed");
        p.step("a").command("true").executorSettings("slurm", Map.of("partiton", "gpu"));
        p.step("b").command("true").executorSettings("slurm", Map.of("flags", List.of("exclusive")));

        try (Gantry gantry = Gantry.open(dir.resolve(".gantry"))) {
            assertThatThrownBy(() -> gantry.run(p.build(), RunOptions.defaults().withBaseDir(dir)
                    .withExecutor(new ExecutorChoice("slurm"))))
                    .isInstanceOf(PlanException.class)
                    .hasMessage("the slurm executor cannot run pipeline 'placed' as written: unknown key 'partiton' in"
                            + " 'executors.slurm' in step 'a' (did you mean 'partition'?); 'exclusive' in 'flags' of"
                            + " 'executors.slurm' in step 'b' is not an sbatch flag; write each as one word, such as"
                            + " --constraint=a100");
        }
    }
}
