package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.api.PlanException;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed parameters at run time: values checked before anything runs, declarations kept out of cache keys. */
class TypedParamsRunTest {
    @TempDir
    Path dir;

    private static PipelineSpec pipeline(String factor) {
        return PipelineYaml.parse("""
                name: typed-run
                params:
                  factor: %s
                  model: {type: enum, values: [logistic, tree], default: tree}
                steps:
                  scaled:
                    command: [sh, -c, 'echo $((3 * ${params.factor})) > ${outputs.n}']
                    outputs: {n: file}
                """.formatted(factor), "typed-run.yaml");
    }

    private RunResult run(PipelineSpec spec, RunOptions options) {
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            return gantry.run(spec, options.withBaseDir(dir));
        }
    }

    @Test
    void aValueThatDoesNotFitItsTypeIsRefusedBeforeAnyRunIsRecorded() {
        PipelineSpec spec = pipeline("{type: int, default: 2}");

        assertThatThrownBy(() -> run(spec, RunOptions.defaults().withParam("factor", "ten")))
                .isInstanceOf(PlanException.class)
                .hasMessage("param 'factor' must be an int, got 'ten'");
        assertThatThrownBy(() -> run(spec, RunOptions.defaults().withParam("model", "svm")))
                .isInstanceOf(PlanException.class)
                .hasMessage("param 'model' must be one of logistic, tree, got 'svm'");
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            assertThat(gantry.history().runs(10)).isEmpty();
        }
    }

    @Test
    void declaringATypeOrChangingADescriptionKeepsTheCacheKey() {
        RunResult plain = run(pipeline("2"), RunOptions.defaults());
        RunResult typed = run(pipeline("{type: int, default: 2, description: How much}"), RunOptions.defaults());
        RunResult redescribed = run(pipeline("{type: int, default: 2, description: Scale}"), RunOptions.defaults());
        RunResult changed = run(pipeline("{type: int, default: 2}"), RunOptions.defaults().withParam("factor", "4"));

        String key = plain.step("scaled").orElseThrow().cacheKey().orElseThrow();
        assertThat(typed.step("scaled").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        assertThat(typed.step("scaled").orElseThrow().cacheKey()).contains(key);
        assertThat(redescribed.step("scaled").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        assertThat(redescribed.step("scaled").orElseThrow().cacheKey()).contains(key);
        assertThat(changed.step("scaled").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    }
}
