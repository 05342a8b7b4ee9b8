package dev.gantry.validation;

import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.spec.UnsafeSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Refuses the dangerous container settings that a step does not opt in to (see
 * {@link UnsafeSettings}), and words the warnings for those it does: every opt-in is shown
 * whenever a pipeline is validated or run, so that nobody inherits one unawares.
 */
public final class UnsafeChecks {
    private UnsafeChecks() {}

    /** Reports each unsafe setting of {@code step} without its opt-in, and each opt-in that is not a word. */
    static void check(StepSpec step, String at, BiConsumer<String, String> report) {
        for (UnsafeSettings.Use use : UnsafeSettings.refused(step, uses(step))) {
            report.accept(at + "." + use.field(), use.refusal());
        }
        List<String> unsafe = step.container().unsafe();
        for (int i = 0; i < unsafe.size(); i++) {
            String word = unsafe.get(i);
            Optional<String> canonical = UnsafeSettings.canonical(word);
            if (canonical.isEmpty()) {
                String hint = Suggestions.didYouMean(word, List.of(UnsafeSettings.HOST_NETWORK,
                        UnsafeSettings.CONTAINER_NETWORK, UnsafeSettings.DOCKER_SOCKET, UnsafeSettings.MOUNT_STORE));
                report.accept(at + ".unsafe." + i, "step '" + step.name() + "' opts in to '" + word
                        + "', which is not an unsafe setting" + (hint.isEmpty() ? " (use " + UnsafeSettings.vocabulary()
                        + ")" : hint));
            } else if (canonical.get().startsWith(UnsafeSettings.CAPABILITY)
                    && !ContainerChecks.CAPABILITIES.contains(canonical.get().substring(UnsafeSettings.CAPABILITY.length()))) {
                String name = canonical.get().substring(UnsafeSettings.CAPABILITY.length());
                report.accept(at + ".unsafe." + i, "step '" + step.name() + "' opts in to '" + word + "', but '"
                        + name + "' is not a Linux capability" + Suggestions.didYouMean(name, ContainerChecks.CAPABILITIES));
            }
        }
    }

    /**
     * A warning for each opt-in of each step, in file order: {@code step 'x' opts in to unsafe
     * host-network}, and for an opt-in that none of the step's settings needs as written, a
     * warning that says so (a path may still resolve to what it names).
     */
    public static List<Problem> warnings(PipelineSpec spec, SourceMap where) {
        List<Problem> warnings = new ArrayList<>();
        for (StepSpec step : spec.steps().values()) {
            if (step.container().unsafe().isEmpty()) {
                continue;
            }
            Set<String> needed = new LinkedHashSet<>();
            uses(step).forEach(use -> needed.add(use.optIn()));
            Set<String> seen = new LinkedHashSet<>();
            List<String> unsafe = step.container().unsafe();
            for (int i = 0; i < unsafe.size(); i++) {
                Optional<String> word = UnsafeSettings.canonical(unsafe.get(i));
                if (word.isEmpty() || !seen.add(word.get())) {
                    continue;
                }
                String path = "steps." + step.name() + ".unsafe." + i;
                String message = "step '" + step.name() + "' opts in to unsafe " + word.get();
                warnings.add(where.problem(path, needed.contains(word.get()) ? message
                        : message + ", which none of its settings needs as written"));
            }
        }
        warnings.sort(Problem.FILE_ORDER);
        return List.copyOf(warnings);
    }

    /** The step's unsafe settings, less capabilities that are no capability at all, which are reported as such. */
    private static List<UnsafeSettings.Use> uses(StepSpec step) {
        return UnsafeSettings.asWritten(step).stream()
                .filter(u -> !u.optIn().startsWith(UnsafeSettings.CAPABILITY)
                        || ContainerChecks.CAPABILITIES.contains(u.optIn().substring(UnsafeSettings.CAPABILITY.length())))
                .toList();
    }
}
