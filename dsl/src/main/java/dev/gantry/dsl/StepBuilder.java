package dev.gantry.dsl;

import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.CacheSpec;
import dev.gantry.spec.Durations;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.MemorySize;
import dev.gantry.spec.Resources;
import dev.gantry.spec.RetrySpec;
import dev.gantry.spec.StepSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds one step of a {@link Pipeline}. Every setter returns this builder. */
public final class StepBuilder {
    private final String name;
    private final List<String> command = new ArrayList<>();
    private final List<String> code = new ArrayList<>();
    private final Map<String, InputSpec> inputs = new LinkedHashMap<>();
    private final Map<String, ArtifactType> outputs = new LinkedHashMap<>();
    private final List<String> after = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private Optional<String> image = Optional.empty();
    private Optional<String> workdir = Optional.empty();
    private Resources resources = Resources.NONE;
    private RetrySpec retry = RetrySpec.NONE;
    private Optional<Duration> timeout = Optional.empty();
    private CacheSpec cache = CacheSpec.DEFAULT;

    StepBuilder(String name) {
        this.name = name;
    }

    /** The step's name. */
    public String name() {
        return name;
    }

    /** The program and its arguments; placeholders like {@code ${inputs.x}} are filled in at run time. */
    public StepBuilder command(String... argv) {
        if (argv.length == 0) {
            throw new IllegalArgumentException("step '" + name + "': command must not be empty");
        }
        command.clear();
        command.addAll(List.of(argv));
        return this;
    }

    /** The container image. Default: the pipeline's default image. */
    public StepBuilder image(String image) {
        this.image = Optional.of(Pipeline.requireText(image, "step '" + name + "': image"));
        return this;
    }

    /** Files whose content stands for the step's code in the cache key under the local executor. */
    public StepBuilder code(String... paths) {
        for (String p : paths) {
            code.add(Pipeline.requireText(p, "step '" + name + "': code path"));
        }
        return this;
    }

    /** Reads {@code source}, an output of an earlier step, as input {@code inputName}. */
    public StepBuilder input(String inputName, OutputRef source) {
        return putInput(inputName, source.toInput());
    }

    /** Reads a host file or directory (relative to the pipeline's directory) as input {@code inputName}. */
    public StepBuilder inputFile(String inputName, String path) {
        return putInput(inputName, new InputSpec.HostPath(Pipeline.requireText(path, "input path")));
    }

    private StepBuilder putInput(String inputName, InputSpec source) {
        Pipeline.requireName(inputName, "input");
        if (inputs.putIfAbsent(inputName, source) != null) {
            throw new IllegalArgumentException("step '" + name + "': input '" + inputName + "' is declared twice");
        }
        return this;
    }

    /** Declares output {@code outputName} of type {@code type}. */
    public StepBuilder output(String outputName, ArtifactType type) {
        Pipeline.requireName(outputName, "output");
        if (outputs.putIfAbsent(outputName, type) != null) {
            throw new IllegalArgumentException("step '" + name + "': output '" + outputName + "' is declared twice");
        }
        return this;
    }

    /** A reference to declared output {@code outputName}, to pass to a later step's {@link #input}. */
    public OutputRef out(String outputName) {
        if (!outputs.containsKey(outputName)) {
            throw new IllegalArgumentException("step '" + name + "' has no output '" + outputName
                    + "'; it declares: " + (outputs.isEmpty() ? "none" : String.join(", ", outputs.keySet())));
        }
        return new OutputRef(name, outputName);
    }

    /** Runs this step only after {@code steps} finish, although it reads nothing from them. */
    public StepBuilder after(StepBuilder... steps) {
        for (StepBuilder s : steps) {
            if (!after.contains(s.name)) {
                after.add(s.name);
            }
        }
        return this;
    }

    /** Sets an environment variable; the value may use placeholders. */
    public StepBuilder env(String variable, String value) {
        env.put(Pipeline.requireText(variable, "environment variable name"), value);
        return this;
    }

    /** The working directory. Default: the pipeline file's directory (locally), the image's (in containers). */
    public StepBuilder workdir(String dir) {
        this.workdir = Optional.of(Pipeline.requireText(dir, "workdir"));
        return this;
    }

    /** CPU cores reserved while the step runs. Default: the pipeline's default, else none. */
    public StepBuilder cpus(double cpus) {
        resources = resources.withCpus(cpus);
        return this;
    }

    /** Memory reserved while the step runs, such as {@code 8g}. Default: the pipeline's default, else none. */
    public StepBuilder memory(String memory) {
        resources = resources.withMemory(MemorySize.of(memory));
        return this;
    }

    /** Number of GPU devices the step is given. Default: none, and the step sees no GPU. */
    public StepBuilder gpus(int gpus) {
        resources = resources.withGpus(gpus);
        return this;
    }

    /** Tries the step up to {@code attempts} times in all, waiting {@code backoff} (then doubling) between. */
    public StepBuilder retry(int attempts, String backoff) {
        retry = new RetrySpec(attempts, Durations.of(backoff));
        return this;
    }

    /** Kills an attempt that runs longer than {@code timeout}, such as {@code 2h}. Default: no limit. */
    public StepBuilder timeout(String timeout) {
        this.timeout = Optional.of(Durations.of(timeout));
        return this;
    }

    /** Turns caching off for this step, so it runs every time. */
    public StepBuilder noCache() {
        cache = CacheSpec.DISABLED;
        return this;
    }

    /** Salts the cache key; change the text to invalidate this step's cached results. */
    public StepBuilder cacheVersion(String version) {
        cache = CacheSpec.version(Pipeline.requireText(version, "cache version"));
        return this;
    }

    StepSpec build() {
        return new StepSpec(name, command, image, code, inputs, outputs, after, env, workdir,
                resources, retry, timeout, cache);
    }
}
