package dev.gantry.dsl;

import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.BuildSpec;
import dev.gantry.spec.CacheSpec;
import dev.gantry.spec.Condition;
import dev.gantry.spec.ContainerSpec;
import dev.gantry.spec.Durations;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.MatrixSpec;
import dev.gantry.spec.MemorySize;
import dev.gantry.spec.Resources;
import dev.gantry.spec.RetrySpec;
import dev.gantry.spec.SecretSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.spec.TmpfsSpec;
import dev.gantry.spec.VolumeSpec;
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
    private final List<List<String>> fingerprint = new ArrayList<>();
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
    private Optional<BuildSpec> build = Optional.empty();
    private final List<VolumeSpec> volumes = new ArrayList<>();
    private final List<TmpfsSpec> tmpfs = new ArrayList<>();
    private Optional<String> checkpoints = Optional.empty();
    private Optional<String> network = Optional.empty();
    private final List<String> capabilities = new ArrayList<>();
    private final List<String> unsafe = new ArrayList<>();
    private final Map<String, List<String>> matrix = new LinkedHashMap<>();
    private Optional<Condition> when = Optional.empty();
    private final Map<String, SecretSpec> secrets = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> executors = new LinkedHashMap<>();

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

    /**
     * Builds the step's image from {@code context} (relative to the pipeline's directory) and its
     * {@code Dockerfile}, instead of naming an image. Default: no build.
     */
    public StepBuilder build(String context) {
        return build(BuildSpec.of(Pipeline.requireText(context, "step '" + name + "': build context")));
    }

    /** Builds the step's image as {@code spec} says, with another Dockerfile or build arguments. */
    public StepBuilder build(BuildSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("step '" + name + "': build must not be null");
        }
        this.build = Optional.of(spec);
        return this;
    }

    /** Files whose content stands for the step's code in the cache key under the local executor. */
    public StepBuilder code(String... paths) {
        for (String p : paths) {
            code.add(Pipeline.requireText(p, "step '" + name + "': code path"));
        }
        return this;
    }

    /**
     * Adds a command whose output stands for what the step's host environment holds, such as
     * {@code fingerprint("python3", "-m", "pip", "freeze")}: under the local executor it runs once
     * per run, before the step, and its output joins the step's cache key, so a changed
     * environment is a miss. It must exit 0, or the step fails. Its arguments may use
     * {@code ${params.p}}. Default: none.
     */
    public StepBuilder fingerprint(String... argv) {
        if (argv.length == 0) {
            throw new IllegalArgumentException("step '" + name + "': a fingerprint command must not be empty");
        }
        for (String arg : argv) {
            if (arg == null) {
                throw new IllegalArgumentException("step '" + name + "': a fingerprint command's argument must not"
                        + " be null");
            }
        }
        fingerprint.add(List.of(argv));
        return this;
    }

    /** Reads {@code source}, an output of an earlier step, as input {@code inputName}. */
    public StepBuilder input(String inputName, OutputRef source) {
        return putInput(inputName, source.toInput());
    }

    /**
     * Reads output {@code source} of every trial of a matrix step as input {@code inputName}: a
     * directory holding each trial's artifact under its number, and {@code matrix.json}, which
     * maps each number to the trial's parameter values.
     */
    public StepBuilder collect(String inputName, OutputRef source) {
        return putInput(inputName, source.toCollected());
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

    /** Size of {@code /dev/shm} in the step's container, such as {@code 1g}. Default: Docker's 64m. */
    public StepBuilder shm(String size) {
        resources = resources.withShm(MemorySize.of(size));
        return this;
    }

    /**
     * Lets the step's GPUs be given to other steps that share theirs too. Default: a step has its
     * GPUs to itself.
     */
    public StepBuilder shareGpus() {
        resources = resources.withShareGpus(true);
        return this;
    }

    /**
     * Mounts host path {@code source} (relative to the pipeline's directory) read-only at
     * {@code target} in the container. Its content is not in the cache key: declare data the
     * step's result depends on as an input instead. The host's root, its system directories, the
     * Docker socket and the store are refused unless {@link #unsafe} names them.
     */
    public StepBuilder volume(String source, String target) {
        return volume(source, target, true);
    }

    /** Mounts host path {@code source} at {@code target}, writable when {@code readOnly} is false. */
    public StepBuilder volume(String source, String target, boolean readOnly) {
        volumes.add(new VolumeSpec(Pipeline.requireText(source, "step '" + name + "': volume source"),
                Pipeline.requireText(target, "step '" + name + "': volume target"), readOnly));
        return this;
    }

    /** Mounts an in-memory scratch directory at {@code path} in the container. */
    public StepBuilder tmpfs(String path) {
        tmpfs.add(TmpfsSpec.at(Pipeline.requireText(path, "step '" + name + "': tmpfs path")));
        return this;
    }

    /** Mounts an in-memory scratch directory of at most {@code size} (such as {@code 1g}) at {@code path}. */
    public StepBuilder tmpfs(String path, String size) {
        tmpfs.add(new TmpfsSpec(Pipeline.requireText(path, "step '" + name + "': tmpfs path"),
                Optional.of(MemorySize.of(size))));
        return this;
    }

    /**
     * Gives the step a directory at {@code path} in its container that survives its failed
     * attempts in a run, so a retried attempt can resume from what the last one saved. The step
     * also finds it in {@code GANTRY_CHECKPOINTS}. Default: none.
     */
    public StepBuilder checkpoints(String path) {
        checkpoints = Optional.of(Pipeline.requireText(path, "step '" + name + "': checkpoints path"));
        return this;
    }

    /**
     * Connects the step's container to Docker network {@code network}, such as {@code bridge}.
     * Default: no network at all. A step that reaches the network is not reproducible.
     * {@code host} and {@code container:NAME} need {@link #unsafe} with {@code host-network} or
     * {@code container-network} too.
     */
    public StepBuilder network(String network) {
        this.network = Optional.of(Pipeline.requireText(network, "step '" + name + "': network"));
        return this;
    }

    /**
     * Keeps Linux capabilities such as {@code NET_BIND_SERVICE}. Default: every capability is
     * dropped. One outside {@link dev.gantry.spec.UnsafeSettings#SAFE_CAPABILITIES} needs
     * {@link #unsafe} with {@code cap:NAME} too.
     */
    public StepBuilder capabilities(String... names) {
        for (String c : names) {
            capabilities.add(Pipeline.requireText(c, "step '" + name + "': capability"));
        }
        return this;
    }

    /**
     * Allows dangerous container settings by name, such as {@code unsafe("host-network",
     * "cap:SYS_ADMIN", "mount:/etc", "docker-socket", "mount-store")}; without its name, such a
     * setting is refused when the pipeline is built (see {@link dev.gantry.spec.UnsafeSettings}).
     * Every opt-in is shown as a warning when the pipeline runs. Default: none.
     */
    public StepBuilder unsafe(String... settings) {
        for (String s : settings) {
            unsafe.add(Pipeline.requireText(s, "step '" + name + "': unsafe setting"));
        }
        return this;
    }

    /** Tries the step up to {@code attempts} times in all, waiting {@code backoff} (then doubling) between. */
    public StepBuilder retry(int attempts, String backoff) {
        retry = new RetrySpec(attempts, Durations.of(backoff));
        return this;
    }

    /**
     * Tries the step as {@code policy} says: how often, on which failures, and how its memory
     * grows after running out, such as
     * {@code new RetrySpec(3, Duration.ofSeconds(10), Optional.empty(), Optional.of(2.0))}.
     * Default: {@link RetrySpec#NONE}.
     */
    public StepBuilder retry(RetrySpec policy) {
        if (policy == null) {
            throw new IllegalArgumentException("step '" + name + "': retry must not be null; use RetrySpec.NONE");
        }
        retry = policy;
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
        cache = new CacheSpec(true, Optional.of(Pipeline.requireText(version, "cache version")), cache.maxAge());
        return this;
    }

    /**
     * Lets this step's cached results serve for {@code maxAge} (such as {@code 7d} or {@code 12h})
     * after they were made; an older result is a miss and the step runs again. Default: they
     * never expire. Not part of the cache key.
     *
     * @throws IllegalArgumentException when it is not a duration, or is zero
     */
    public StepBuilder cacheMaxAge(String maxAge) {
        cache = new CacheSpec(true, cache.version(), Optional.of(Durations.of(maxAge)));
        return this;
    }

    /**
     * Runs the step once for each of {@code values} of pipeline parameter {@code param}; with
     * several parameters, once per combination. Steps that read its outputs run once per trial
     * too, unless they {@link #collect} them. Default: the step runs once.
     */
    public StepBuilder matrix(String param, String... values) {
        Pipeline.requireName(param, "matrix parameter");
        if (values.length == 0) {
            throw new IllegalArgumentException("step '" + name + "': matrix parameter '" + param
                    + "' needs at least one value");
        }
        if (matrix.putIfAbsent(param, List.of(values)) != null) {
            throw new IllegalArgumentException("step '" + name + "': matrix parameter '" + param
                    + "' is declared twice");
        }
        return this;
    }

    /**
     * Runs the step only when {@code comparison} holds for a number in {@code metrics}, a
     * {@code metrics} output of an earlier step; {@code comparison} is written like
     * {@code "accuracy >= 0.95"} or {@code "accuracy >= ${params.min_accuracy}"}. When it does not
     * hold, the step and the steps that need its outputs are skipped. Default: always run.
     */
    public StepBuilder when(OutputRef metrics, String comparison) {
        try {
            when = Optional.of(Condition.parse(metrics + "." + Pipeline.requireText(comparison, "condition")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("step '" + name + "': " + e.getMessage());
        }
        return this;
    }

    /**
     * Gives the step secret {@code secretName}, such as {@code SecretSpec.fromEnv("HF_TOKEN")};
     * it sees the value as the environment variable {@code secretName} (or, with
     * {@link SecretSpec#asFile()}, as a file in its container). Default: only the pipeline's secrets.
     */
    public StepBuilder secret(String secretName, SecretSpec secret) {
        if (!SecretSpec.isValidName(secretName)) {
            throw new IllegalArgumentException(SecretSpec.invalidNameMessage(secretName, "step '" + name + "'"));
        }
        if (secret == null) {
            throw new IllegalArgumentException("step '" + name + "': secret '" + secretName + "' needs a source");
        }
        secrets.put(secretName, secret);
        return this;
    }

    /**
     * Settings for one executor, which the others ignore, such as {@code ("kubernetes",
     * Map.of("nodeSelector", Map.of("pool", "gpu")))}: values are text, numbers, booleans, lists
     * and maps. Replaces what was set for that executor before. Default: none.
     */
    public StepBuilder executorSettings(String executor, Map<String, ?> settings) {
        executors.put(executor, new LinkedHashMap<>(settings));
        return this;
    }

    StepSpec build() {
        return new StepSpec(name, command, image, code, fingerprint, inputs, outputs, after, env, workdir,
                resources, retry, timeout, cache,
                new ContainerSpec(build, volumes, tmpfs, checkpoints, network, capabilities, unsafe),
                new MatrixSpec(matrix), when, secrets, executors);
    }
}
