package dev.gantry.engine.internal.secret;

import dev.gantry.engine.api.PlanException;
import dev.gantry.engine.internal.cache.CacheKeys;
import dev.gantry.engine.spi.SecretMask;
import dev.gantry.engine.spi.StepSecrets;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.SecretSource;
import dev.gantry.spec.SecretSpec;
import dev.gantry.spec.StepSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The secret values of one run, read once when it starts: every secret the steps to run are
 * given, and every secret parameter's value. They live in memory only; what the run records
 * (its spec, cache keys, logs) holds sources, markers and {@code ***}, never a value. A secret
 * that cannot be read stops the run before anything starts, with one line per problem.
 */
public final class RunSecrets {
    /** A run without secrets. */
    public static final RunSecrets NONE = new RunSecrets(Map.of(), Map.of(), SecretMask.NONE);

    private final Map<SecretSource, String> values;
    private final Map<String, String> params;
    private final SecretMask mask;

    private RunSecrets(Map<SecretSource, String> values, Map<String, String> params, SecretMask mask) {
        this.values = values;
        this.params = params;
        this.mask = mask;
    }

    /**
     * Reads the secrets of {@code steps} in {@code pipeline}.
     *
     * @param paramValues the values given for secret parameters ({@code --param})
     * @param baseDir the directory a relative secret file resolves against: the pipeline file's
     * @param environment the variables env sources read, this process's
     * @param filesGiven whether the executor can give a secret as a file ({@code as: file})
     * @param executor the executor's name, for the message when it cannot
     * @throws PlanException naming each secret that cannot be read, and its source
     */
    public static RunSecrets resolve(PipelineSpec pipeline, List<String> steps, Map<String, String> paramValues,
            Path baseDir, Map<String, String> environment, boolean filesGiven, String executor) {
        if (!hasSecrets(pipeline, steps)) {
            // Most pipelines: no step needs its parameters sorted, nor anything read.
            return NONE;
        }
        Set<String> problems = new LinkedHashSet<>();
        Map<SecretSource, String> values = new HashMap<>();
        Map<String, String> params = new LinkedHashMap<>();
        SecretReader reader = new SecretReader(baseDir, environment);
        for (String name : steps) {
            StepSpec step = pipeline.steps().get(name);
            for (String param : CacheKeys.paramsUsed(pipeline, step).keySet()) {
                if (pipeline.isSecretParam(param) && !params.containsKey(param)) {
                    Optional<String> value = Optional.ofNullable(paramValues.get(param));
                    value.ifPresentOrElse(v -> params.put(param, v), () -> problems.add("secret parameter '" + param
                            + "' has no value: give it with --param " + param + "=VALUE"));
                }
            }
            for (Map.Entry<String, SecretSpec> s : pipeline.effectiveSecrets(step).entrySet()) {
                String owner = step.secrets().containsKey(s.getKey()) ? "step '" + name + "'" : "the pipeline";
                String secret = "secret '" + s.getKey() + "' of " + owner;
                SecretSource source = s.getValue().source();
                if (!values.containsKey(source)) {
                    reader.read(source).ifPresentOrElse(v -> values.put(source, v),
                            () -> problems.add(secret + ": " + reader.lastProblem()));
                }
                if (s.getValue().as() == SecretSpec.Delivery.FILE && !filesGiven) {
                    problems.add(secret + " asks to be a file (as: file), which only the docker executor gives;"
                            + " the " + executor + " executor gives secrets as environment variables");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PlanException(String.join("\n", problems));
        }
        List<String> all = new ArrayList<>(values.values());
        all.addAll(params.values());
        return new RunSecrets(Map.copyOf(values), Map.copyOf(params), SecretMask.of(all));
    }

    private static boolean hasSecrets(PipelineSpec pipeline, List<String> steps) {
        if (!pipeline.secrets().isEmpty()
                || pipeline.params().values().stream().anyMatch(PipelineSpec.SECRET_PARAM::equals)) {
            return true;
        }
        for (String name : steps) {
            if (!pipeline.steps().get(name).secrets().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Masks every secret value of the run. */
    public SecretMask mask() {
        return mask;
    }

    /** The secrets {@code step} is given, with their values. */
    public StepSecrets forStep(PipelineSpec pipeline, StepSpec step) {
        Map<String, SecretSpec> declared = pipeline.effectiveSecrets(step);
        if (declared.isEmpty()) {
            return new StepSecrets(Map.of(), Map.of(), mask);
        }
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> files = new LinkedHashMap<>();
        declared.forEach((name, secret) -> {
            String value = values.get(secret.source());
            if (value == null) {
                throw new IllegalStateException("secret '" + name + "' of step '" + step.name() + "' was not read"
                        + " when the run started");
            }
            (secret.as() == SecretSpec.Delivery.FILE ? files : variables).put(name, value);
        });
        return new StepSecrets(variables, files, mask);
    }

    /**
     * {@code used}, the parameters a step uses by name, with each secret parameter's marker
     * replaced by its value: for the step's command and environment, and nothing else.
     */
    public Map<String, String> reveal(Map<String, String> used) {
        if (params.isEmpty()) {
            return used;
        }
        Map<String, String> revealed = new LinkedHashMap<>(used);
        params.forEach((name, value) -> revealed.computeIfPresent(name, (k, marker) -> value));
        return revealed;
    }

    @Override
    public String toString() {
        return "RunSecrets[" + values.size() + " secrets, parameters " + params.keySet() + "]";
    }
}
