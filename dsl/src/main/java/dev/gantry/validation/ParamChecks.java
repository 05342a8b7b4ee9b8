package dev.gantry.validation;

import dev.gantry.spec.ParamDeclaration;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.util.function.BiConsumer;

/**
 * Checks that every value written for a typed parameter fits its type: its default, the value a
 * schedule sets, and the values a matrix gives it. Values given at run time are checked when the
 * run starts ({@link PipelineSpec#withParams}). Part of {@link PipelineValidator}; problems go
 * to its reporter by source path.
 */
final class ParamChecks {
    private ParamChecks() {}

    static void check(PipelineSpec spec, BiConsumer<String, String> report) {
        spec.paramDeclarations().forEach((param, declaration) -> {
            if (!spec.isSecretParam(param)) {
                declaration.mismatch(spec.params().get(param)).ifPresent(problem -> report.accept(
                        "params." + param + ".default", "the default of parameter '" + param + "' " + problem));
            }
        });
        spec.schedule().ifPresent(schedule -> schedule.params().forEach((param, value) -> spec.paramDeclaration(param)
                .mismatch(value).ifPresent(problem -> report.accept("schedule.params." + param,
                        "parameter '" + param + "' in the schedule " + problem))));
        for (StepSpec step : spec.steps().values()) {
            step.matrix().axes().forEach((param, values) -> {
                ParamDeclaration declaration = spec.paramDeclaration(param);
                for (int i = 0; i < values.size(); i++) {
                    int index = i;
                    declaration.mismatch(values.get(i)).ifPresent(problem -> report.accept(
                            "steps." + step.name() + ".matrix." + param + "." + index,
                            "parameter '" + param + "' in the matrix of step '" + step.name() + "' " + problem));
                }
            });
        }
    }
}
