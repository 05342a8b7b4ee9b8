package dev.gantry.yaml;

import static dev.gantry.yaml.PipelineFiles.problemsReading;
import static dev.gantry.yaml.PipelineFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.Condition;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code matrix:}, {@code {collect: ...}} and {@code when:} in files and in Java, and their problems. */
class MatrixYamlTest {
    private static final String SWEEP = """
            name: sweep
            params: {rate: 0.1, depth: 3, floor: 0.9}
            steps:
              train:
                matrix: {rate: [0.1, 0.5], depth: [3, 5, 8]}
                command: [train, "${params.rate}", "${params.depth}", "${outputs.model}"]
                outputs: {model: dir}
              evaluate:
                command: [evaluate, "${inputs.model}", "${outputs.metrics}"]
                inputs: {model: train.model}
                outputs: {metrics: metrics}
              pick:
                command: [pick, "${inputs.all}", "${outputs.best}"]
                inputs: {all: {collect: evaluate.metrics}}
                outputs: {best: metrics}
              deploy:
                when: pick.best.accuracy >= ${params.floor}
                command: [deploy]
            """;

    @TempDir
    Path dir;

    @Test
    void readsAMatrixACollectedInputAndACondition() {
        PipelineSpec spec = PipelineYaml.read(write(dir, SWEEP));

        StepSpec train = spec.step("train").orElseThrow();
        assertThat(train.matrix().axes()).containsExactly(
                Map.entry("rate", List.of("0.1", "0.5")), Map.entry("depth", List.of("3", "5", "8")));
        assertThat(spec.step("pick").orElseThrow().inputs())
                .containsExactly(Map.entry("all", new InputSpec.Collected("evaluate", "metrics")));
        Condition when = spec.step("deploy").orElseThrow().when().orElseThrow();
        assertThat(when.source()).isEqualTo(new InputSpec.StepOutput("pick", "best"));
        assertThat(when.metric()).isEqualTo("accuracy");
        assertThat(when.comparison()).isEqualTo(Condition.Comparison.AT_LEAST);
        assertThat(when.operandParameter()).contains("floor");
        assertThat(spec.step("deploy").orElseThrow().upstreamSteps()).containsExactly("pick");
    }

    @Test
    void theSamePipelineBuiltInJavaIsEqualAndRoundTripsThroughYaml() {
        Pipeline p = Pipeline.named("sweep");
        p.param("rate", "0.1").param("depth", 3).param("floor", "0.9");
        StepBuilder train = p.step("train")
                .command("train", "${params.rate}", "${params.depth}", "${outputs.model}")
                .output("model", ArtifactType.DIR)
                .matrix("rate", "0.1", "0.5")
                .matrix("depth", "3", "5", "8");
        StepBuilder evaluate = p.step("evaluate")
                .command("evaluate", "${inputs.model}", "${outputs.metrics}")
                .input("model", train.out("model"))
                .output("metrics", ArtifactType.METRICS);
        StepBuilder pick = p.step("pick")
                .command("pick", "${inputs.all}", "${outputs.best}")
                .collect("all", evaluate.out("metrics"))
                .output("best", ArtifactType.METRICS);
        p.step("deploy").command("deploy").when(pick.out("best"), "accuracy >= ${params.floor}");
        PipelineSpec built = p.build();

        assertThat(built).isEqualTo(PipelineYaml.read(write(dir, SWEEP)));
        assertThat(PipelineYaml.parse(PipelineYaml.write(built), "sweep.yaml")).isEqualTo(built);
    }

    @Test
    void reportsEveryMatrixAndConditionProblemInFull() {
        Path file = write(dir, """
                name: bad
                params: {rate: 1, floor: 1}
                steps:
                  once:
                    command: [once]
                    outputs: {table: arrow, report: metrics}
                  train:
                    matrix: {rat: [1, 2], rate: [1, 1]}
                    command: [train]
                    outputs: {model: file}
                  tune:
                    matrix: {rate: [3]}
                    command: [tune, "${inputs.model}"]
                    inputs: {model: train.model}
                    outputs: {model: file}
                  both:
                    command: [both]
                    inputs: {a: train.model, b: tune.model}
                  gather:
                    command: [gather]
                    inputs: {all: {collect: once.table}}
                  inside:
                    command: [inside]
                    inputs: {m: train.model, all: {collect: train.model}}
                  gate:
                    when: once.table.rows > 10
                    command: [gate]
                  typo:
                    when: onse.report.accuracy >= ${params.flor}
                    command: [typo]
                  garbled:
                    when: accuracy is high
                    command: [garbled]
                  train-2:
                    command: [clash]
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:8:14: the matrix of step 'train' varies parameter 'rat', which the pipeline does not"
                        + " declare (did you mean 'rate'?)",
                "example.yaml:8:27: the matrix of step 'train' lists value '1' of parameter 'rate' twice",
                "example.yaml:12:5: step 'tune' has a matrix of its own and also reads outputs of the trials of"
                        + " 'train' one by one; collect them with {collect: ...} instead",
                "example.yaml:16:3: step 'both' reads outputs of the trials of 'train' and of 'tune' one by one, but"
                        + " a step can follow one matrix only; collect the outputs of one of them with {collect: ...}",
                "example.yaml:21:14: step 'gather' collects once.table in input 'all', but step 'once' runs once,"
                        + " with no matrix; read it as once.table instead",
                "example.yaml:24:30: step 'inside' collects train.model in input 'all', but it runs once per trial"
                        + " of 'train' itself; collect it in a step after the trials",
                "example.yaml:26:5: the condition of step 'gate' reads once.table, which is of type arrow;"
                        + " a condition can only read a metrics output",
                "example.yaml:29:5: the condition of step 'typo' reads onse.report, but there is no step 'onse'"
                        + " (did you mean 'once'?)",
                "example.yaml:29:5: the condition of step 'typo' uses ${params.flor}, but the pipeline has no"
                        + " parameter 'flor' (did you mean 'floor'?)",
                "example.yaml:32:11: invalid condition 'accuracy is high' (write <step>.<output>.<metric> <op>"
                        + " <number or ${params.name}>, with <op> one of >= <= == != > <) in 'when' of step 'garbled'",
                "example.yaml:34:3: step 'train-2' has the name of trial 2 of step 'train'; rename one of them");
    }
}
