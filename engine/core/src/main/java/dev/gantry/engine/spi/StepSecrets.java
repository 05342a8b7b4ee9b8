package dev.gantry.engine.spi;

import java.util.Map;

/**
 * The secret values one attempt of a step is given, for its executor to hand over at the last
 * moment; they are never part of the attempt's recorded environment. {@link #toString()} names
 * the secrets and never shows a value.
 *
 * @param variables secret name to value, for the step to see as an environment variable
 * @param files secret name to value, for the step to see as the file {@code /run/secrets/NAME}
 *     on an in-memory mount, with {@code NAME_FILE} holding its path (container executors only)
 * @param mask masks every secret value of the run in the step's output
 */
public record StepSecrets(Map<String, String> variables, Map<String, String> files, SecretMask mask) {
    /** No secrets. */
    public static final StepSecrets NONE = new StepSecrets(Map.of(), Map.of(), SecretMask.NONE);

    public StepSecrets {
        variables = Map.copyOf(variables);
        files = Map.copyOf(files);
    }

    /** These secrets and more {@code variables}, such as a secret parameter's {@code GANTRY_PARAM_} variable. */
    public StepSecrets withVariables(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(variables);
        all.putAll(more);
        return new StepSecrets(all, files, mask);
    }

    @Override
    public String toString() {
        return "StepSecrets[variables=" + variables.keySet() + ", files=" + files.keySet() + "]";
    }
}
