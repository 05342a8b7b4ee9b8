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
 */
public record StepSpec(
        String name,
        List<String> command,
        Optional<String> image,
        List<String> code,
        Map<String, InputSpec> inputs,
        Map<String, ArtifactType> outputs,
        List<String> after,
        Map<String, String> env,
        Optional<String> workdir,
        Resources resources,
        RetrySpec retry,
        Optional<Duration> timeout,
        CacheSpec cache,
        ContainerSpec container) {

    public StepSpec {
        Names.requireNonBlank(name, "step name");
        command = List.copyOf(command);
        code = List.copyOf(code);
        inputs = Maps.ordered(inputs);
        outputs = Maps.ordered(outputs);
        after = List.copyOf(after);
        env = Maps.ordered(env);
    }

    /** A step with no container settings of its own. */
    public StepSpec(String name, List<String> command, Optional<String> image, List<String> code,
            Map<String, InputSpec> inputs, Map<String, ArtifactType> outputs, List<String> after,
            Map<String, String> env, Optional<String> workdir, Resources resources, RetrySpec retry,
            Optional<Duration> timeout, CacheSpec cache) {
        this(name, command, image, code, inputs, outputs, after, env, workdir, resources, retry, timeout, cache,
                ContainerSpec.NONE);
    }

    /** The names of the steps this one depends on, through data or {@code after}, in order. */
    public List<String> upstreamSteps() {
        java.util.LinkedHashSet<String> deps = new java.util.LinkedHashSet<>();
        for (InputSpec input : inputs.values()) {
            if (input instanceof InputSpec.StepOutput ref) {
                deps.add(ref.step());
            }
        }
        deps.addAll(after);
        return List.copyOf(deps);
    }
}
