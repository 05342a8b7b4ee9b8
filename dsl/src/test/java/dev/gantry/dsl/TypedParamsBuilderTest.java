package dev.gantry.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.spec.ParamDeclaration;
import dev.gantry.spec.ParamType;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.ScheduleSpec;
import dev.gantry.validation.InvalidPipelineException;
import dev.gantry.yaml.PipelineYaml;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed parameters declared in Java: the same types as in YAML, checked by {@code build()}. */
class TypedParamsBuilderTest {

    private static Pipeline withStep(Pipeline p) {
        p.step("train").command("train", "${params.epochs}");
        return p;
    }

    @Test
    void buildsTheSameSpecAsTheLongFormInYaml() {
        Pipeline p = Pipeline.named("typed");
        p.intParam("epochs", 30).describeParam("epochs", "Training epochs")
                .floatParam("rate", 0.1)
                .boolParam("shuffle", true)
                .enumParam("model", List.of("logistic", "tree"), "logistic")
                .param("name", "world");
        PipelineSpec spec = withStep(p).build();

        assertThat(spec).isEqualTo(PipelineYaml.parse("""
                name: typed
                params:
                  epochs: {type: int, default: 30, description: Training epochs}
                  rate: {type: float, default: 0.1}
                  shuffle: {type: bool, default: true}
                  model: {type: enum, values: [logistic, tree], default: logistic}
                  name: world
                steps:
                  train:
                    command: [train, "${params.epochs}"]
                """, "typed.yaml"));
        assertThat(spec.paramDeclaration("model")).isEqualTo(ParamDeclaration.oneOf(List.of("logistic", "tree")));
    }

    @Test
    void buildRefusesEveryDefaultThatDoesNotFitItsType() {
        Pipeline p = Pipeline.named("typed");
        p.param("epochs", ParamType.INT, "ten")
                .floatParam("rate", Double.NaN)
                .param("shuffle", ParamType.BOOL, "yes")
                .enumParam("model", List.of("logistic", "tree"), "svm");

        assertThatThrownBy(withStep(p)::build)
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessage("the default of parameter 'epochs' must be an int, got 'ten'\n"
                        + "the default of parameter 'rate' must be a float, got 'NaN'\n"
                        + "the default of parameter 'shuffle' must be a bool (true or false), got 'yes'\n"
                        + "the default of parameter 'model' must be one of logistic, tree, got 'svm'");
    }

    @Test
    void anEnumNeedsValuesAndDeclaresThemThroughEnumParam() {
        Pipeline p = Pipeline.named("typed");

        assertThatThrownBy(() -> p.enumParam("model", List.of(), "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("enum parameter 'model' needs at least one value");
        assertThatThrownBy(() -> p.param("model", ParamType.ENUM, "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter 'model' is an enum; declare it with enumParam(\"model\", values, default)");
        assertThatThrownBy(() -> p.describeParam("nope", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter 'nope' is not declared; declare it before describing it");
    }

    @Test
    void aScheduledValueIsCheckedLikeADefault() {
        Pipeline p = Pipeline.named("typed").intParam("epochs", 30);
        p.schedule(new ScheduleSpec("0 3 * * *", ZoneId.of("UTC"), Map.of("epochs", "3.5"),
                ScheduleSpec.Misfire.RUN_ONCE, ScheduleSpec.Overlap.SKIP));

        assertThatThrownBy(withStep(p)::build)
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessage("parameter 'epochs' in the schedule must be an int, got '3.5'");
    }
}
