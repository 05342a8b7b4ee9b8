package dev.gantry.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Expands the matrix steps of a pipeline into one step per trial before it runs.
 *
 * <p>A step with a {@code matrix:} becomes the trials {@code NAME-1}, {@code NAME-2}, ... in
 * grid order, each with its parameter values bound. A step that reads a trial's output
 * directly (an input or its {@code when:}) follows the matrix: it becomes one step per trial
 * too, with the same numbers and values, reading the outputs of its own trial. A step that
 * {@code collect}s an output reads it from every trial, and a step that runs {@code after} an
 * expanded step waits for every trial of it (or for its own trial, when it follows the same
 * matrix). The rules that make this well defined (one matrix per step, parameters that
 * exist, no name clashes) are the validator's.
 */
public final class Matrices {
    private final PipelineSpec spec;
    private final Map<String, Optional<String>> roots = new HashMap<>();

    private Matrices(PipelineSpec spec) {
        this.spec = spec;
    }

    /** Whether any step of {@code spec} has a matrix. */
    public static boolean hasMatrix(PipelineSpec spec) {
        return spec.steps().values().stream().anyMatch(s -> !s.matrix().isEmpty());
    }

    /**
     * The matrix step whose trials each step follows: itself for a matrix step, the matrix its
     * per-trial dependencies follow for the steps after it, and none for a step that runs once.
     * When the dependencies of a step follow different matrices, the first (in input order) is
     * given; the validator reports such a step.
     */
    public static Map<String, Optional<String>> roots(PipelineSpec spec) {
        Matrices m = new Matrices(spec);
        spec.steps().keySet().forEach(name -> m.root(name, new LinkedHashSet<>()));
        return Map.copyOf(m.roots);
    }

    /**
     * Every matrix a step's per-trial dependencies follow, in input order, given the
     * {@link #roots} of {@code spec}; the validator requires at most one, and none for a step
     * with a matrix of its own.
     */
    public static Map<String, List<String>> followedMatrices(PipelineSpec spec, Map<String, Optional<String>> roots) {
        Map<String, List<String>> followed = new LinkedHashMap<>();
        for (StepSpec step : spec.steps().values()) {
            Set<String> found = new LinkedHashSet<>();
            for (String dep : perTrialDependencies(step)) {
                roots.getOrDefault(dep, Optional.empty()).ifPresent(found::add);
            }
            followed.put(step.name(), List.copyOf(found));
        }
        return followed;
    }

    /** The name of trial {@code number} (from 1) of {@code step}. */
    public static String trialName(String step, int number) {
        return step + "-" + number;
    }

    /** The number of trials of matrix step {@code root}. */
    public static int trialCount(PipelineSpec spec, String root) {
        return spec.steps().get(root).matrix().combinations().size();
    }

    /** {@code spec} with every matrix expanded into its trials; a spec with no matrix comes back as it is. */
    public static PipelineSpec expand(PipelineSpec spec) {
        if (!hasMatrix(spec)) {
            return spec;
        }
        Map<String, Optional<String>> roots = roots(spec);
        Map<String, StepSpec> steps = new LinkedHashMap<>();
        for (StepSpec step : spec.steps().values()) {
            Optional<String> root = roots.get(step.name());
            if (root.isEmpty()) {
                steps.put(step.name(), trial(spec, roots, step, step.name(), Optional.empty(), MatrixSpec.NONE));
                continue;
            }
            List<Map<String, String>> combinations = spec.steps().get(root.get()).matrix().combinations();
            for (int i = 0; i < combinations.size(); i++) {
                String name = trialName(step.name(), i + 1);
                steps.put(name, trial(spec, roots, step, name, Optional.of(i + 1),
                        MatrixSpec.binding(combinations.get(i))));
            }
        }
        return new PipelineSpec(spec.name(), spec.params(), spec.defaults(), steps, spec.executor(), spec.schedule(),
                spec.secrets(), spec.paramDeclarations());
    }

    /** {@code step} as trial {@code number} of its matrix, or as itself when it has none. */
    private static StepSpec trial(PipelineSpec spec, Map<String, Optional<String>> roots, StepSpec step,
            String name, Optional<Integer> number, MatrixSpec binding) {
        Optional<String> root = roots.get(step.name());
        Map<String, InputSpec> inputs = new LinkedHashMap<>();
        step.inputs().forEach((input, source) -> {
            if (source instanceof InputSpec.StepOutput ref && number.isPresent()) {
                inputs.put(input, new InputSpec.StepOutput(sameTrial(roots, root, ref.step(), number), ref.output()));
            } else if (source instanceof InputSpec.Collected collected) {
                inputs.put(input, new InputSpec.Collected(collected.step(), collected.output(),
                        allTrials(spec, roots, collected.step())));
            } else {
                inputs.put(input, source);
            }
        });
        List<String> after = new ArrayList<>();
        for (String other : step.after()) {
            Optional<String> otherRoot = roots.getOrDefault(other, Optional.empty());
            if (otherRoot.isPresent() && otherRoot.equals(root) && number.isPresent()) {
                after.add(trialName(other, number.get()));
            } else {
                after.addAll(allTrials(spec, roots, other));
            }
        }
        Optional<Condition> when = step.when().map(c -> number.isEmpty() ? c : c.withSource(
                new InputSpec.StepOutput(sameTrial(roots, root, c.source().step(), number), c.source().output())));
        return step.asTrial(name, inputs, after, binding, when);
    }

    private static String sameTrial(Map<String, Optional<String>> roots, Optional<String> root, String step,
            Optional<Integer> number) {
        boolean followsSame = roots.getOrDefault(step, Optional.empty()).equals(root);
        return followsSame ? trialName(step, number.orElseThrow()) : step;
    }

    /** The steps {@code step} expands into: its trials, or itself. */
    private static List<String> allTrials(PipelineSpec spec, Map<String, Optional<String>> roots, String step) {
        Optional<String> root = roots.getOrDefault(step, Optional.empty());
        if (root.isEmpty()) {
            return List.of(step);
        }
        int count = trialCount(spec, root.get());
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add(trialName(step, i));
        }
        return names;
    }

    /** The steps whose outputs {@code step} reads once per trial: its inputs and its condition, not collects. */
    static List<String> perTrialDependencies(StepSpec step) {
        List<String> deps = new ArrayList<>();
        for (InputSpec input : step.inputs().values()) {
            if (input instanceof InputSpec.StepOutput ref) {
                deps.add(ref.step());
            }
        }
        step.when().ifPresent(c -> deps.add(c.source().step()));
        return deps;
    }

    private Optional<String> root(String name, Set<String> visiting) {
        Optional<String> known = roots.get(name);
        if (known != null) {
            return known;
        }
        StepSpec step = spec.steps().get(name);
        if (step == null || !visiting.add(name)) {
            return Optional.empty(); // An unknown step or a cycle: the validator reports both.
        }
        Optional<String> root = Optional.empty();
        if (!step.matrix().isEmpty()) {
            root = Optional.of(name);
        } else {
            for (String dep : perTrialDependencies(step)) {
                root = root(dep, visiting);
                if (root.isPresent()) {
                    break;
                }
            }
        }
        visiting.remove(name);
        roots.put(name, root);
        return root;
    }
}
