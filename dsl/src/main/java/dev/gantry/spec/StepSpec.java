package dev.gantry.spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a pipeline: a command, the artifacts it reads and writes, and how to run it.
 * Instances are immutable; maps keep their declaration order.
 *
 * @param name the step's name, unique in its pipeline
 * @param command the program and its arguments, with {@code ${inputs.x}}, {@code ${outputs.y}}
 *     and {@code ${params.p}} placeholders
 * @param image the container image; absent means the pipeline's default
 * @param code files (relative to the pipeline file) whose content stands for the image under
 *     the local executor, so editing a step's script invalidates its cache entry
 * @param fingerprint commands (each a program and its arguments, with {@code ${params.p}}
 *     placeholders only) whose output stands for what the step's host environment holds, such as
 *     {@code [python3, -m, pip, freeze]}: under the local executor, each one's output joins the
 *     cache key, so a changed environment is a miss
 * @param inputs input name to its source
 * @param outputs output name to its type
 * @param after steps that must finish first although no data flows from them
 * @param env extra environment variables, which may use placeholders
 * @param workdir working directory; absent means the pipeline file's directory
 * @param resources what the step reserves while it runs
 * @param retry attempts and backoff
 * @param timeout how long one attempt may run
 * @param cache whether and how the step is cached
 * @param container how its container is built, mounted and isolated (container executors only)
 * @param matrix a grid of parameter values to run the step once per combination of; empty for
 *     a plain step, one value per parameter in the trials a matrix expands into
 * @param when a condition on an earlier step's metrics, without which the step is skipped
 * @param secrets secret name to where its value comes from, for this step alone (the
 *     pipeline's secrets are given to every step as well)
 * @param executors settings for particular executors, by executor name, such as
 *     {@code kubernetes: {nodeSelector: {pool: gpu}}}: each executor reads its own and ignores
 *     the others, so the same step runs under any executor. Values are text, lists and maps
 */
public record StepSpec(
        String name,
        List<String> command,
        Optional<String> image,
        List<String> code,
        List<List<String>> fingerprint,
        Map<String, InputSpec> inputs,
        Map<String, ArtifactType> outputs,
        List<String> after,
        Map<String, String> env,
        Optional<String> workdir,
        Resources resources,
        RetrySpec retry,
        Optional<Duration> timeout,
        CacheSpec cache,
        ContainerSpec container,
        MatrixSpec matrix,
        Optional<Condition> when,
        Map<String, SecretSpec> secrets,
        Map<String, Map<String, Object>> executors) {

    public StepSpec {
        Names.requireNonBlank(name, "step name");
        command = List.copyOf(command);
        code = List.copyOf(code);
        fingerprint = fingerprint.stream().<List<String>>map(List::copyOf).toList();
        inputs = Maps.ordered(inputs);
        outputs = Maps.ordered(outputs);
        after = List.copyOf(after);
        env = Maps.ordered(env);
        secrets = Maps.ordered(secrets);
        executors = ExecutorOptions.copy(executors);
    }

    /** A step without settings for particular executors: the components before they came. */
    public StepSpec(String name, List<String> command, Optional<String> image, List<String> code,
            List<List<String>> fingerprint, Map<String, InputSpec> inputs, Map<String, ArtifactType> outputs,
            List<String> after, Map<String, String> env, Optional<String> workdir, Resources resources,
            RetrySpec retry, Optional<Duration> timeout, CacheSpec cache, ContainerSpec container, MatrixSpec matrix,
            Optional<Condition> when, Map<String, SecretSpec> secrets) {
        this(name, command, image, code, fingerprint, inputs, outputs, after, env, workdir, resources, retry, timeout,
                cache, container, matrix, when, secrets, Map.of());
    }

    /** A step without fingerprint commands or secrets of its own: the components before they came. */
    public StepSpec(String name, List<String> command, Optional<String> image, List<String> code,
            Map<String, InputSpec> inputs, Map<String, ArtifactType> outputs, List<String> after,
            Map<String, String> env, Optional<String> workdir, Resources resources, RetrySpec retry,
            Optional<Duration> timeout, CacheSpec cache, ContainerSpec container, MatrixSpec matrix,
            Optional<Condition> when) {
        this(name, command, image, code, List.of(), inputs, outputs, after, env, workdir, resources, retry, timeout,
                cache, container, matrix, when, Map.of());
    }

    /** A step with no fingerprint commands, no matrix and no condition. */
    public StepSpec(String name, List<String> command, Optional<String> image, List<String> code,
            Map<String, InputSpec> inputs, Map<String, ArtifactType> outputs, List<String> after,
            Map<String, String> env, Optional<String> workdir, Resources resources, RetrySpec retry,
            Optional<Duration> timeout, CacheSpec cache, ContainerSpec container) {
        this(name, command, image, code, List.of(), inputs, outputs, after, env, workdir, resources, retry, timeout,
                cache, container, MatrixSpec.NONE, Optional.empty(), Map.of());
    }

    /** A step with no container settings of its own. */
    public StepSpec(String name, List<String> command, Optional<String> image, List<String> code,
            Map<String, InputSpec> inputs, Map<String, ArtifactType> outputs, List<String> after,
            Map<String, String> env, Optional<String> workdir, Resources resources, RetrySpec retry,
            Optional<Duration> timeout, CacheSpec cache) {
        this(name, command, image, code, inputs, outputs, after, env, workdir, resources, retry, timeout, cache,
                ContainerSpec.NONE);
    }

    /**
     * The names of the steps this one depends on, through data, its condition or {@code after},
     * in order.
     */
    public List<String> upstreamSteps() {
        java.util.LinkedHashSet<String> deps = new java.util.LinkedHashSet<>();
        for (InputSpec input : inputs.values()) {
            if (input instanceof InputSpec.StepOutput ref) {
                deps.add(ref.step());
            } else if (input instanceof InputSpec.Collected collected) {
                deps.addAll(collected.steps());
            }
        }
        when.ifPresent(condition -> deps.add(condition.source().step()));
        deps.addAll(after);
        return List.copyOf(deps);
    }

    /** This step under another name, with other inputs, order, matrix and condition: a trial of a matrix. */
    public StepSpec asTrial(String trialName, Map<String, InputSpec> trialInputs, List<String> trialAfter,
            MatrixSpec trialMatrix, Optional<Condition> trialWhen) {
        return new StepSpec(trialName, command, image, code, fingerprint, trialInputs, outputs, trialAfter, env,
                workdir, resources, retry, timeout, cache, container, trialMatrix, trialWhen, secrets, executors);
    }
}
