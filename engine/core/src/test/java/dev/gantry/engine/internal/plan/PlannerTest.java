package dev.gantry.engine.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.api.PlanException;
import dev.gantry.engine.api.Selection;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.MatrixSpec;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {
    /** c, then b and a which both read c's output, then d after a. */
    private static PipelineSpec pipeline() {
        Pipeline p = Pipeline.named("plan");
        StepBuilder c = p.step("c").command("true").output("o", ArtifactType.FILE);
        p.step("b").command("true").input("i", c.out("o"));
        StepBuilder a = p.step("a").command("true").input("i", c.out("o")).output("o", ArtifactType.FILE);
        p.step("d").command("true").input("i", a.out("o"));
        return p.build();
    }

    @Test
    void orderIsTopologicalWithNamesBreakingTies() {
        assertThat(Planner.plan(pipeline(), Selection.ALL).order()).containsExactly("c", "a", "b", "d");
    }

    @Test
    void specWithACycleThatNoValidatorSawFailsToPlanNamingTheStepsInIt() {
        PipelineSpec valid = pipeline();
        // A spec made without the DSL or the YAML reader: c also waits for d.
        StepSpec c = valid.steps().get("c");
        Map<String, StepSpec> steps = new LinkedHashMap<>(valid.steps());
        steps.put("c", c.asTrial("c", c.inputs(), List.of("d"), MatrixSpec.NONE, Optional.empty()));
        PipelineSpec cyclic = new PipelineSpec(valid.name(), valid.params(), valid.defaults(), steps);

        assertThatThrownBy(() -> Planner.plan(cyclic, Selection.ALL))
                .isInstanceOf(PlanException.class)
                .hasMessage("dependency cycle among steps a, c, d");
    }
}
