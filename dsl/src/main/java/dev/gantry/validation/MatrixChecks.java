package dev.gantry.validation;

import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.Condition;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.Matrices;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Checks matrices, collected inputs and conditions: the parameters a matrix varies exist, a
 * step follows one matrix at most, a collected output comes from a matrix, a condition reads
 * a number from a {@code metrics} output, and no trial's name is taken. Part of
 * {@link PipelineValidator}; problems go to its reporter by source path. References to
 * unknown steps or outputs are the validator's own to report.
 */
final class MatrixChecks {
    private final PipelineSpec spec;
    private final BiConsumer<String, String> report;
    private final Map<String, Optional<String>> roots;
    private final Map<String, List<String>> followed;

    private MatrixChecks(PipelineSpec spec, BiConsumer<String, String> report) {
        this.spec = spec;
        this.report = report;
        this.roots = Matrices.roots(spec);
        this.followed = Matrices.followedMatrices(spec, roots);
    }

    static void check(PipelineSpec spec, BiConsumer<String, String> report) {
        new MatrixChecks(spec, report).run();
    }

    private void run() {
        for (StepSpec step : spec.steps().values()) {
            String at = "steps." + step.name();
            checkMatrix(step, at);
            step.inputs().forEach((input, source) -> {
                if (source instanceof InputSpec.Collected collected) {
                    checkCollected(step, input, collected, at + ".inputs." + input);
                }
            });
            step.when().ifPresent(condition -> checkCondition(step, condition, at + ".when"));
            checkTrialNames(step, at);
        }
    }

    private void checkMatrix(StepSpec step, String at) {
        List<String> matrices = followed.get(step.name());
        if (!step.matrix().isEmpty() && !matrices.isEmpty()) {
            report.accept(at + ".matrix", "step '" + step.name() + "' has a matrix of its own and also reads outputs"
                    + " of the trials of '" + matrices.get(0) + "' one by one; collect them with {collect: ...}"
                    + " instead");
        } else if (matrices.size() > 1) {
            report.accept(at, "step '" + step.name() + "' reads outputs of the trials of '" + matrices.get(0)
                    + "' and of '" + matrices.get(1) + "' one by one, but a step can follow one matrix only;"
                    + " collect the outputs of one of them with {collect: ...}");
        }
        step.matrix().axes().forEach((param, values) -> {
            String path = at + ".matrix." + param;
            if (!spec.params().containsKey(param)) {
                report.accept(path, "the matrix of step '" + step.name() + "' varies parameter '" + param
                        + "', which the pipeline does not declare" + Suggestions.didYouMean(param, spec.params().keySet()));
            }
            if (values.isEmpty()) {
                report.accept(path, "the matrix of step '" + step.name() + "' gives parameter '" + param
                        + "' no values");
            }
            Set<String> seen = new HashSet<>();
            for (String value : values) {
                if (!seen.add(value)) {
                    report.accept(path, "the matrix of step '" + step.name() + "' lists value '" + value
                            + "' of parameter '" + param + "' twice");
                }
            }
        });
    }

    private void checkCollected(StepSpec step, String input, InputSpec.Collected collected, String path) {
        if (!spec.steps().containsKey(collected.step())) {
            return;
        }
        Optional<String> root = roots.get(collected.step());
        if (root.isEmpty()) {
            report.accept(path, "step '" + step.name() + "' collects " + collected.source() + " in input '" + input
                    + "', but step '" + collected.step() + "' runs once, with no matrix; read it as "
                    + collected.source() + " instead");
        } else if (root.equals(roots.get(step.name()))) {
            report.accept(path, "step '" + step.name() + "' collects " + collected.source() + " in input '" + input
                    + "', but it runs once per trial of '" + root.get() + "' itself; collect it in a step after"
                    + " the trials");
        }
    }

    private void checkCondition(StepSpec step, Condition condition, String path) {
        String reads = "the condition of step '" + step.name() + "' reads " + condition.source();
        Optional<StepSpec> source = spec.step(condition.source().step());
        if (condition.source().step().equals(step.name())) {
            report.accept(path, "the condition of step '" + step.name() + "' reads its own output "
                    + condition.source() + "; it can only read an earlier step's");
        } else if (source.isEmpty()) {
            report.accept(path, reads + ", but there is no step '" + condition.source().step() + "'"
                    + Suggestions.didYouMean(condition.source().step(), spec.steps().keySet()));
        } else {
            ArtifactType type = source.get().outputs().get(condition.source().output());
            if (type == null) {
                report.accept(path, reads + ", but step '" + source.get().name() + "' has no output '"
                        + condition.source().output() + "'"
                        + Suggestions.didYouMean(condition.source().output(), source.get().outputs().keySet()));
            } else if (type != ArtifactType.METRICS) {
                report.accept(path, reads + ", which is of type " + type.yamlName()
                        + "; a condition can only read a metrics output");
            }
        }
        condition.operandParameter().filter(p -> !spec.params().containsKey(p)).ifPresent(p ->
                report.accept(path, "the condition of step '" + step.name() + "' uses ${params." + p
                        + "}, but the pipeline has no parameter '" + p + "'"
                        + Suggestions.didYouMean(p, spec.params().keySet())));
    }

    private void checkTrialNames(StepSpec step, String at) {
        Optional<String> root = roots.get(step.name());
        if (root.isEmpty() || spec.steps().get(root.get()).matrix().isEmpty()) {
            return;
        }
        int count = Matrices.trialCount(spec, root.get());
        for (int i = 1; i <= count; i++) {
            String trial = Matrices.trialName(step.name(), i);
            if (spec.steps().containsKey(trial)) {
                report.accept("steps." + trial, "step '" + trial + "' has the name of trial " + i + " of step '"
                        + step.name() + "'; rename one of them");
            }
        }
    }
}
