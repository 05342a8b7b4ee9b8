package dev.gantry.yaml;

import static dev.gantry.yaml.PipelineFiles.problemsReading;
import static dev.gantry.yaml.PipelineFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step's {@code fingerprint:} commands, as YAML reads and writes them. */
class FingerprintYamlTest {
    @TempDir
    Path dir;

    @Test
    void readsListsAndShellStringsInOrder() {
        Path file = write(dir, """
                name: fp
                params: {venv: .venv}
                steps:
                  train:
                    command: [python3, train.py]
                    fingerprint: [[python3, -m, pip, freeze], "${params.venv}/bin/pip list | sort"]
                """);

        StepSpec train = PipelineYaml.read(file).step("train").orElseThrow();

        assertThat(train.fingerprint()).containsExactly(List.of("python3", "-m", "pip", "freeze"),
                List.of("sh", "-c", "${params.venv}/bin/pip list | sort"));
    }

    @Test
    void refusesPlaceholdersOfInputsAndOutputsUnknownParametersAndEmptyCommands() {
        Path file = write(dir, """
                name: fp
                steps:
                  train:
                    command: [x, "${inputs.data}"]
                    inputs: {data: {path: d.csv}}
                    fingerprint: [[cat, "${inputs.data}"], [echo, "${params.nope}"], []]
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:6:19: fingerprint command 1 of step 'train' uses ${inputs.data}, but fingerprint"
                        + " commands run before the step's inputs and outputs have paths; they may use only"
                        + " ${params.NAME}",
                "example.yaml:6:44: step 'train' uses ${params.nope}, but the pipeline has no parameter 'nope'",
                "example.yaml:6:70: expected a non-empty list of strings for fingerprint command 3 of step 'train',"
                        + " got an empty list");
    }

    @Test
    void theJavaBuilderAddsOneCommandPerCallAndYamlRoundTripsThem() {
        Pipeline p = Pipeline.named("fp");
        p.step("train").command("python3", "train.py").fingerprint("python3", "-m", "pip", "freeze")
                .fingerprint("sh", "-c", "nvidia-smi --query-gpu=driver_version --format=csv");

        PipelineSpec spec = p.build();
        String yaml = PipelineYaml.write(spec);

        assertThat(yaml).contains("    fingerprint: [[python3, -m, pip, freeze],"
                + " nvidia-smi --query-gpu=driver_version --format=csv]\n");
        assertThat(PipelineYaml.parse(yaml, "fp.yaml")).isEqualTo(spec);
    }
}
