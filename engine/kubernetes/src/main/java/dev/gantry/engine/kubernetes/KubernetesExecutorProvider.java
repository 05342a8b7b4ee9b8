package dev.gantry.engine.kubernetes;

import dev.gantry.engine.kubernetes.internal.KubernetesExecutor;
import dev.gantry.engine.kubernetes.internal.SettingsReader;
import dev.gantry.engine.spi.AutoRule;
import dev.gantry.engine.spi.ExecutorContext;
import dev.gantry.engine.spi.ExecutorProvider;
import dev.gantry.engine.spi.StepExecutor;
import dev.gantry.engine.spi.Unsuited;
import dev.gantry.settings.Settings;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes executor: every attempt of a step in a pod of its own, on a cluster whose
 * ReadWriteMany claim holds the store. {@code auto} never picks it: a run asks for it by name
 * ({@code executor: kubernetes}, {@code --executor kubernetes}).
 */
public final class KubernetesExecutorProvider implements ExecutorProvider {
    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public String describe() {
        return "in Kubernetes pods";
    }

    @Override
    public AutoRule auto() {
        return AutoRule.never();
    }

    /**
     * Steps with no image, or that build their own, which a cluster cannot run, and what steps
     * set for their pods that is not right.
     */
    @Override
    public Optional<Unsuited> unsuited(PipelineSpec pipeline) {
        List<String> problems = new ArrayList<>();
        for (StepSpec step : pipeline.steps().values()) {
            if (step.container().build().isPresent()) {
                problems.add("step '" + step.name() + "' builds its image (build and push it, then name it with"
                        + " 'image')");
            } else if (pipeline.effectiveImage(step).isEmpty()) {
                problems.add("step '" + step.name() + "' names no image (set 'image' on it, or 'defaults: {image:"
                        + " ...}' in the pipeline)");
            }
        }
        for (StepSpec step : pipeline.steps().values()) {
            problems.addAll(SettingsReader.stepProblems(pipeline, step));
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        String all = String.join("; ", problems);
        return Optional.of(new Unsuited("the kubernetes executor cannot run pipeline '" + pipeline.name() + "' as"
                + " written: " + all, all, false));
    }

    @Override
    public void checkSettings(Settings settings) {
        SettingsReader.executor(settings);
    }

    @Override
    public StepExecutor open(ExecutorContext context) {
        KubernetesExecutor executor = KubernetesExecutor.open(SettingsReader.executor(context.settings()), context::notice);
        List<String> removed = executor.leftoversRemoved();
        if (!removed.isEmpty()) {
            context.notice("deleted " + removed.size() + (removed.size() == 1 ? " pod" : " pods")
                    + " left behind by an engine that died: " + String.join("; ", removed));
        }
        return executor;
    }
}
