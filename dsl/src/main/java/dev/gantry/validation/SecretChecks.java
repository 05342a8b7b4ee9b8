package dev.gantry.validation;

import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.SecretSpec;
import dev.gantry.spec.StepSpec;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Checks secrets and secret parameters: secret names follow the environment variable rule, a
 * step does not set a secret's variable in its {@code env} too, and a secret parameter's value
 * is never written into the file, by a schedule or a matrix. Part of {@link PipelineValidator};
 * problems go to its reporter by source path.
 */
final class SecretChecks {
    private final PipelineSpec spec;
    private final BiConsumer<String, String> report;

    private SecretChecks(PipelineSpec spec, BiConsumer<String, String> report) {
        this.spec = spec;
        this.report = report;
    }

    static void check(PipelineSpec spec, BiConsumer<String, String> report) {
        new SecretChecks(spec, report).run();
    }

    private void run() {
        checkNames(spec.secrets(), "secrets", "the pipeline");
        spec.schedule().ifPresent(schedule -> schedule.params().keySet().stream().filter(spec::isSecretParam)
                .forEach(param -> report.accept("schedule.params." + param, "schedule sets parameter '" + param
                        + "', which is secret: its value comes only from --param, never from the file")));
        for (StepSpec step : spec.steps().values()) {
            String at = "steps." + step.name();
            checkNames(step.secrets(), at + ".secrets", "step '" + step.name() + "'");
            for (String name : spec.effectiveSecrets(step).keySet()) {
                if (step.env().containsKey(name)) {
                    report.accept(at + ".env." + name, "step '" + step.name() + "' sets '" + name
                            + "' in 'env', which is also the name of a secret it is given; rename one of them");
                }
            }
            step.matrix().axes().keySet().stream().filter(spec::isSecretParam)
                    .forEach(param -> report.accept(at + ".matrix." + param, "the matrix of step '" + step.name()
                            + "' varies parameter '" + param + "', which is secret: its value comes only from"
                            + " --param, never from the file"));
        }
    }

    private void checkNames(Map<String, SecretSpec> secrets, String at, String owner) {
        for (String name : secrets.keySet()) {
            if (!SecretSpec.isValidName(name)) {
                report.accept(at + "." + name, SecretSpec.invalidNameMessage(name, owner));
            }
        }
    }
}
