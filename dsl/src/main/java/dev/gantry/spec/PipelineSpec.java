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
 * @param secrets secret name to where its value comes from, given to every step
 * @param paramDeclarations parameter name to its type and description, for the parameters
 *     that declare more than {@link ParamDeclaration#STRING}; the others accept any text
 */
public record PipelineSpec(
        String name, Map<String, String> params, Defaults defaults, Map<String, StepSpec> steps,
        Optional<ExecutorChoice> executor, Optional<ScheduleSpec> schedule, Map<String, SecretSpec> secrets,
        Map<String, ParamDeclaration> paramDeclarations) {
    /**
     * The value a secret parameter has in a spec: its real value is given at run time
     * ({@code --param}) and never becomes part of a spec, a stored run or a cache key.
     */
    public static final String SECRET_PARAM = "(secret)";

    public PipelineSpec {
        Names.requireNonBlank(name, "pipeline name");
        params = Maps.ordered(params);
        steps = Maps.ordered(steps);
        secrets = Maps.ordered(secrets);
        // A plain declaration is left out, so {type: string, default: x} and x make equal specs.
        Map<String, ParamDeclaration> declared = new java.util.LinkedHashMap<>();
        Map<String, String> known = params;
        paramDeclarations.forEach((param, declaration) -> {
            if (!known.containsKey(param)) {
                throw new IllegalArgumentException("parameter '" + param + "' has a declaration but no default");
            }
            if (!declaration.equals(ParamDeclaration.STRING)) {
                declared.put(param, declaration);
            }
        });
        paramDeclarations = Maps.ordered(declared);
    }

    /** A pipeline whose parameters all accept any text. */
    public PipelineSpec(String name, Map<String, String> params, Defaults defaults, Map<String, StepSpec> steps,
            Optional<ExecutorChoice> executor, Optional<ScheduleSpec> schedule, Map<String, SecretSpec> secrets) {
        this(name, params, defaults, steps, executor, schedule, secrets, Map.of());
    }

    /** A pipeline without secrets of its own. */
    public PipelineSpec(String name, Map<String, String> params, Defaults defaults, Map<String, StepSpec> steps,
            Optional<ExecutorChoice> executor, Optional<ScheduleSpec> schedule) {
        this(name, params, defaults, steps, executor, schedule, Map.of());
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

    /** Whether parameter {@code param} is secret: declared {@code {secret: true}}, its value given only at run time. */
    public boolean isSecretParam(String param) {
        return SECRET_PARAM.equals(params.get(param));
    }

    /** The type and description of parameter {@code param}: {@link ParamDeclaration#STRING} unless it declares more. */
    public ParamDeclaration paramDeclaration(String param) {
        return paramDeclarations.getOrDefault(param, ParamDeclaration.STRING);
    }

    /**
     * The secrets {@code step} is given: the pipeline's, and its own, which win over a
     * pipeline secret of the same name.
     */
    public Map<String, SecretSpec> effectiveSecrets(StepSpec step) {
        if (secrets.isEmpty()) {
            return step.secrets();
        }
        Map<String, SecretSpec> all = new java.util.LinkedHashMap<>(secrets);
        all.putAll(step.secrets());
        return all;
    }

    /**
     * This pipeline with some parameter values replaced; unknown names are an error, and so are
     * a secret parameter, whose value must never become part of a spec, and a value that does
     * not fit its parameter's type ({@code param 'epochs' must be an int, got 'ten'}).
     */
    public PipelineSpec withParams(Map<String, String> overrides) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(params);
        overrides.forEach((k, v) -> {
            if (!params.containsKey(k)) {
                throw new IllegalArgumentException("pipeline '" + name + "' has no parameter '" + k
                        + "'" + (params.isEmpty() ? "" : "; it has: " + String.join(", ", params.keySet())));
            }
            if (isSecretParam(k)) {
                throw new IllegalArgumentException("parameter '" + k + "' of pipeline '" + name
                        + "' is secret: its value is given to the run, never written into the spec");
            }
            paramDeclaration(k).mismatch(v).ifPresent(problem -> {
                throw new IllegalArgumentException("param '" + k + "' " + problem);
            });
            merged.put(k, v);
        });
        return new PipelineSpec(name, merged, defaults, steps, executor, schedule, secrets, paramDeclarations);
    }
}
