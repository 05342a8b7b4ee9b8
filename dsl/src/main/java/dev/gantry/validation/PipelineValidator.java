package dev.gantry.validation;

import dev.gantry.spec.CronExpressions;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.Names;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.Placeholders;
import dev.gantry.spec.Placeholders.Placeholder;
import dev.gantry.spec.ScheduleSpec;
import dev.gantry.spec.StepSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Checks a spec as a whole, whichever way it was made: names, references between steps,
 * cycles, parameters used in templates. Every problem is reported, not just the first.
 *
 * <p>Each message names the step it is about, so problems in a pipeline built in Java read
 * well without a location. For a pipeline read from a file, the {@link SourceMap} adds where
 * each problem was written, and problems come in file order.
 */
public final class PipelineValidator {
    private final PipelineSpec spec;
    private final SourceMap where;
    private final List<Problem> problems = new ArrayList<>();

    private PipelineValidator(PipelineSpec spec, SourceMap where) {
        this.spec = spec;
        this.where = where;
    }

    /** Every problem in {@code spec}, located through {@code where} when it came from a file. */
    public static List<Problem> validate(PipelineSpec spec, SourceMap where) {
        return new PipelineValidator(spec, where).run();
    }

    /** Throws {@link InvalidPipelineException} listing every problem, if there is any. */
    public static PipelineSpec requireValid(PipelineSpec spec, SourceMap where) {
        List<Problem> problems = validate(spec, where);
        if (!problems.isEmpty()) {
            throw new InvalidPipelineException(problems);
        }
        return spec;
    }

    private List<Problem> run() {
        if (!Names.isValid(spec.name())) {
            report("name", Names.invalidMessage("pipeline", spec.name()));
        }
        for (String param : spec.params().keySet()) {
            if (!Names.isValid(param)) {
                report("params." + param, Names.invalidMessage("parameter", param));
            }
        }
        ParamChecks.check(spec, this::report);
        spec.schedule().ifPresent(this::checkSchedule);
        spec.steps().values().forEach(this::checkStep);
        MatrixChecks.check(spec, this::report);
        SecretChecks.check(spec, this::report);
        for (List<String> cycle : CycleFinder.find(spec)) {
            report("steps." + cycle.get(0), "dependency cycle: " + String.join(" -> ", cycle));
        }
        problems.sort(Problem.FILE_ORDER);
        return List.copyOf(problems);
    }

    private void checkSchedule(ScheduleSpec schedule) {
        CronExpressions.problem(schedule.cron()).ifPresent(problem ->
                report("schedule.cron", "invalid cron expression '" + schedule.cron() + "' in schedule: " + problem));
        for (String param : schedule.params().keySet()) {
            if (!spec.params().containsKey(param)) {
                report("schedule.params." + param, "schedule sets parameter '" + param
                        + "', which the pipeline does not declare" + Suggestions.didYouMean(param, spec.params().keySet()));
            }
        }
    }

    private void checkStep(StepSpec step) {
        String at = "steps." + step.name();
        if (!Names.isValid(step.name())) {
            report(at, Names.invalidMessage("step", step.name()));
        }
        if (step.command().isEmpty()) {
            report(at, "step '" + step.name() + "' has no command");
        }
        step.inputs().forEach((input, source) -> {
            String path = at + ".inputs." + input;
            checkName(path, "input", input, step);
            if (source instanceof InputSpec.StepOutput ref) {
                checkReference(path, step, input, ref);
            } else if (source instanceof InputSpec.Collected collected) {
                checkReference(path, step, input, collected.source());
            }
        });
        step.outputs().keySet().forEach(output -> checkName(at + ".outputs." + output, "output", output, step));
        for (int i = 0; i < step.after().size(); i++) {
            checkAfter(at + ".after." + i, step, step.after().get(i));
        }
        for (int i = 0; i < step.command().size(); i++) {
            checkTemplate(at + ".command." + i, step, step.command().get(i));
        }
        step.env().forEach((variable, value) -> checkTemplate(at + ".env." + variable, step, value));
        for (int i = 0; i < step.fingerprint().size(); i++) {
            checkFingerprint(at + ".fingerprint." + i, step, i, step.fingerprint().get(i));
        }
        ContainerChecks.check(step, at, this::report);
        UnsafeChecks.check(step, at, this::report);
        if (step.retry().memoryGrowth().isPresent() && spec.effectiveResources(step).memory().isEmpty()) {
            report(at + ".retry.memory", "step '" + step.name() + "' grows its memory on retry, but declares no"
                    + " memory to grow: set 'resources: {memory: ...}' on it or in the pipeline's defaults");
        }
    }

    /** A fingerprint command runs before the step's inputs and outputs have paths: it may use parameters only. */
    private void checkFingerprint(String path, StepSpec step, int index, List<String> command) {
        if (command.isEmpty()) {
            report(path, "fingerprint command " + (index + 1) + " of step '" + step.name() + "' is empty");
        }
        for (String arg : command) {
            for (Placeholder p : Placeholders.find(arg)) {
                if (p.kind().equals(Placeholders.INPUTS) || p.kind().equals(Placeholders.OUTPUTS)) {
                    report(path, "fingerprint command " + (index + 1) + " of step '" + step.name() + "' uses "
                            + p.text() + ", but fingerprint commands run before the step's inputs and outputs"
                            + " have paths; they may use only ${params.NAME}");
                }
            }
            checkTemplate(path, step, arg);
        }
    }

    private void checkName(String path, String what, String name, StepSpec step) {
        if (!Names.isValid(name)) {
            report(path, what + " name '" + name + "' of step '" + step.name() + "' is invalid: " + Names.RULE);
        }
    }

    private void checkReference(String path, StepSpec step, String input, InputSpec.StepOutput ref) {
        String reads = "step '" + step.name() + "' reads " + ref;
        if (ref.step().equals(step.name())) {
            report(path, "step '" + step.name() + "' depends on itself: input '" + input + "' reads " + ref);
            return;
        }
        Optional<StepSpec> source = spec.step(ref.step());
        if (source.isEmpty()) {
            report(path, reads + ", but there is no step '" + ref.step() + "'"
                    + Suggestions.didYouMean(ref.step(), spec.steps().keySet()));
        } else if (!source.get().outputs().containsKey(ref.output())) {
            Collection<String> outputs = source.get().outputs().keySet();
            report(path, reads + ", but step '" + ref.step() + "' has no output '" + ref.output() + "'"
                    + hint(ref.output(), outputs, "its outputs are"));
        }
    }

    private void checkAfter(String path, StepSpec step, String other) {
        if (other.equals(step.name())) {
            report(path, "step '" + step.name() + "' depends on itself: it is listed in its own 'after'");
        } else if (!spec.steps().containsKey(other)) {
            report(path, "step '" + step.name() + "' runs after '" + other + "', but there is no step '"
                    + other + "'" + Suggestions.didYouMean(other, spec.steps().keySet()));
        }
    }

    private void checkTemplate(String path, StepSpec step, String template) {
        String uses = "step '" + step.name() + "' uses ";
        for (Placeholder p : Placeholders.find(template)) {
            switch (p.kind()) {
                case Placeholders.INPUTS -> {
                    if (!step.inputs().containsKey(p.name())) {
                        report(path, uses + p.text() + ", but it declares no input '" + p.name() + "'"
                                + hint(p.name(), step.inputs().keySet(), "its inputs are"));
                    }
                }
                case Placeholders.OUTPUTS -> {
                    if (!step.outputs().containsKey(p.name())) {
                        report(path, uses + p.text() + ", but it declares no output '" + p.name() + "'"
                                + hint(p.name(), step.outputs().keySet(), "its outputs are"));
                    }
                }
                case Placeholders.PARAMS -> {
                    if (!spec.params().containsKey(p.name())) {
                        report(path, uses + p.text() + ", but the pipeline has no parameter '" + p.name()
                                + "'" + hint(p.name(), spec.params().keySet(), "its parameters are"));
                    }
                }
                default -> report(path, uses + p.text() + ", but '" + p.kind()
                        + "' is not a kind of placeholder" + hint(p.kind(), Placeholders.KINDS, "the kinds are"));
            }
        }
    }

    /** A did-you-mean hint, or else the whole short list of what there is, or nothing if there is nothing. */
    private static String hint(String word, Collection<String> candidates, String listIntro) {
        String suggestion = Suggestions.didYouMean(word, candidates);
        if (!suggestion.isEmpty() || candidates.isEmpty()) {
            return suggestion;
        }
        return " (" + listIntro + ": " + String.join(", ", candidates) + ")";
    }

    private void report(String path, String message) {
        problems.add(where.problem(path, message));
    }
}
