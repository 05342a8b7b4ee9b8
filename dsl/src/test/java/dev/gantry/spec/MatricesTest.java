package dev.gantry.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.yaml.PipelineYaml;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a matrix expands into trials, and how the steps around it are wired to them. */
class MatricesTest {
    private static final PipelineSpec SWEEP = PipelineYaml.parse("""
            name: sweep
            params: {rate: 0.1, depth: 3, floor: 0.9}
            steps:
              data:
                command: [data, "${outputs.table}"]
                outputs: {table: arrow}
              train:
                matrix: {rate: [0.1, 0.5], depth: [3, 5]}
                command: [train, "${params.rate}", "${inputs.table}", "${outputs.model}"]
                inputs: {table: data.table}
                outputs: {model: dir}
              evaluate:
                command: [evaluate, "${inputs.model}", "${outputs.metrics}"]
                inputs: {model: train.model, table: data.table}
                outputs: {metrics: metrics}
                after: [train]
              publish:
                when: evaluate.metrics.accuracy >= ${params.floor}
                command: [publish]
              pick:
                command: [pick, "${inputs.all}"]
                inputs: {all: {collect: evaluate.metrics}}
                after: [train]
            """, "sweep.yaml");

    @Test
    void aMatrixBecomesOneStepPerCombinationInGridOrder() {
        PipelineSpec expanded = Matrices.expand(SWEEP);

        assertThat(expanded.steps().keySet()).containsExactly("data", "train-1", "train-2", "train-3", "train-4",
                "evaluate-1", "evaluate-2", "evaluate-3", "evaluate-4", "publish-1", "publish-2", "publish-3",
                "publish-4", "pick");
        assertThat(expanded.steps().get("train-2").matrix().binding())
                .contains(Map.of("rate", "0.1", "depth", "5"));
        assertThat(expanded.steps().get("train-3").matrix().binding())
                .contains(Map.of("rate", "0.5", "depth", "3"));
        assertThat(expanded.steps().get("train-3").command()).isEqualTo(SWEEP.steps().get("train").command());
    }

    @Test
    void followersReadTheirOwnTrialAndEveryoneElseReadsAllOfThem() {
        PipelineSpec expanded = Matrices.expand(SWEEP);

        StepSpec evaluate = expanded.steps().get("evaluate-3");
        assertThat(evaluate.inputs()).containsExactly(
                Map.entry("model", new InputSpec.StepOutput("train-3", "model")),
                Map.entry("table", new InputSpec.StepOutput("data", "table")));
        assertThat(evaluate.after()).containsExactly("train-3");
        assertThat(evaluate.matrix().binding()).isEqualTo(expanded.steps().get("train-3").matrix().binding());
        assertThat(expanded.steps().get("publish-2").when().orElseThrow().source())
                .isEqualTo(new InputSpec.StepOutput("evaluate-2", "metrics"));
        StepSpec pick = expanded.steps().get("pick");
        assertThat(pick.inputs().get("all")).isEqualTo(new InputSpec.Collected("evaluate", "metrics",
                List.of("evaluate-1", "evaluate-2", "evaluate-3", "evaluate-4")));
        assertThat(pick.after()).containsExactly("train-1", "train-2", "train-3", "train-4");
        assertThat(pick.matrix()).isEqualTo(MatrixSpec.NONE);
    }

    @Test
    void aPipelineWithoutAMatrixIsLeftAsItIs() {
        PipelineSpec plain = PipelineYaml.parse("""
                name: plain
                steps:
                  a: {command: [a]}
                """, "plain.yaml");

        assertThat(Matrices.expand(plain)).isSameAs(plain);
        assertThat(Matrices.roots(plain)).containsEntry("a", Optional.empty());
    }
}
