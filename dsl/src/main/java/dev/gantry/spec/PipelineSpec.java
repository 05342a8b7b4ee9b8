package dev.gantry.spec;

import java.util.Map;
import java.util.Optional;

/**
 * A whole pipeline: its parameters, defaults and steps. Immutable; two specs that describe the
 * same pipeline are equal, whether they were built in Java or read from YAML.
 *
 * @param name the pipeline's name
 * @param params parameter name to default value, as text
 * @param defaults settings the steps inherit
 * @param steps step name to step, in declaration order
 * @param executor where its steps run, unless the run says otherwise; absent means
 *     {@link ExecutorChoice#AUTO}
 * @param schedule when it runs by itself under {@code gantry scheduler}; absent means only by hand
 */
public record PipelineSpec(
        String name, Map<String, String> params, Defaults defaults, Map<String, StepSpec> steps,
        Optional<ExecutorChoice> executor, Optional<ScheduleSpec> schedule) {

    public PipelineSpec {
        Names.requireNonBlank(name, "pipeline name");
        params = Maps.ordered(params);
        steps = Maps.ordered(steps);
    }

    /** A pipeline that leaves the choice of executor to the run, with no schedule. */
    public PipelineSpec(String name, Map<String, String> params, Defaults defaults, Map<String, StepSpec> steps) {
        this(name, params, defaults, steps, Optional.empty(), Optional.empty());
    }

    /** Looks a step up by name. */
    public Optional<StepSpec> step(String name) {
        return Optional.ofNullable(steps.get(name));
    }

    /** The resources a step runs with: its own, completed from the pipeline's defaults. */
    public Resources effectiveResources(StepSpec step) {
        return step.resources().orElse(defaults.resources());
    }

    /**
     * The image a step runs in: its own, or the pipeline's default. Empty for a step that builds
     * its image ({@code build:}) or names none.
     */
    public Optional<String> effectiveImage(StepSpec step) {
        if (step.container().build().isPresent()) {
            return Optional.empty();
        }
        return step.image().or(defaults::image);
    }

    /** This pipeline with some parameter values replaced; unknown names are an error. */
    public PipelineSpec withParams(Map<String, String> overrides) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(params);
        overrides.forEach((k, v) -> {
            if (!params.containsKey(k)) {
                throw new IllegalArgumentException("pipeline '" + name + "' has no parameter '" + k
                        + "'" + (params.isEmpty() ? "" : "; it has: " + String.join(", ", params.keySet())));
            }
            merged.put(k, v);
        });
        return new PipelineSpec(name, merged, defaults, steps, executor, schedule);
    }
}
