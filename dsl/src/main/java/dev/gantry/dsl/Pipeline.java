package dev.gantry.dsl;

import dev.gantry.spec.Defaults;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.spec.MemorySize;
import dev.gantry.spec.Names;
import dev.gantry.spec.ParamDeclaration;
import dev.gantry.spec.ParamType;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.Resources;
import dev.gantry.spec.ScheduleSpec;
import dev.gantry.spec.SecretSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.validation.PipelineValidator;
import dev.gantry.validation.SourceMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Java way to write a pipeline. Steps are connected by passing one step's
 * {@link StepBuilder#out output} to another's {@link StepBuilder#input input}:
 *
 * <pre>{@code
 * Pipeline p = Pipeline.named("hello");
 * p.param("greeting", "hello");
 * StepBuilder write = p.step("write")
 *         .command("sh", "-c", "echo ${params.greeting} > ${outputs.text}")
 *         .output("text", ArtifactType.FILE);
 * p.step("shout")
 *         .command("sh", "-c", "tr a-z A-Z < ${inputs.text} > ${outputs.loud}")
 *         .input("text", write.out("text"))
 *         .output("loud", ArtifactType.FILE);
 * PipelineSpec spec = p.build();
 * }</pre>
 *
 * <p>Setters check their arguments at once; {@link #build()} checks the pipeline as a whole
 * and reports every problem together.
 */
public final class Pipeline {
    private final String name;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, ParamDeclaration> paramDeclarations = new LinkedHashMap<>();
    private final Map<String, StepBuilder> steps = new LinkedHashMap<>();
    private Optional<String> defaultImage = Optional.empty();
    private Resources defaultResources = Resources.NONE;
    private final Map<String, Map<String, Object>> defaultExecutorSettings = new LinkedHashMap<>();
    private Optional<ExecutorChoice> executor = Optional.empty();
    private Optional<ScheduleSpec> schedule = Optional.empty();
    private final Map<String, SecretSpec> secrets = new LinkedHashMap<>();

    private Pipeline(String name) {
        this.name = requireName(name, "pipeline");
    }

    /** Starts a pipeline called {@code name} (lower-case letters, digits, - and _). */
    public static Pipeline named(String name) {
        return new Pipeline(name);
    }

    /**
     * Declares a parameter of {@code type} with its default value, which {@link #build()} checks
     * against the type, as a value given at run time is checked when the run starts. For an
     * enum use {@link #enumParam}.
     */
    public Pipeline param(String name, ParamType type, Object defaultValue) {
        if (type == null) {
            throw new IllegalArgumentException("parameter '" + name + "' needs a type");
        }
        if (type == ParamType.ENUM) {
            throw new IllegalArgumentException("parameter '" + name + "' is an enum; declare it with enumParam(\""
                    + name + "\", values, default)");
        }
        param(name, defaultValue);
        paramDeclarations.put(name, ParamDeclaration.of(type));
        return this;
    }

    /** Declares a whole-number parameter; see {@link #param(String, ParamType, Object)}. */
    public Pipeline intParam(String name, long defaultValue) {
        return param(name, ParamType.INT, defaultValue);
    }

    /** Declares a finite-number parameter; see {@link #param(String, ParamType, Object)}. */
    public Pipeline floatParam(String name, double defaultValue) {
        return param(name, ParamType.FLOAT, defaultValue);
    }

    /** Declares a {@code true}/{@code false} parameter; see {@link #param(String, ParamType, Object)}. */
    public Pipeline boolParam(String name, boolean defaultValue) {
        return param(name, ParamType.BOOL, defaultValue);
    }

    /**
     * Declares a parameter that takes one of {@code values} (at least one), with its default,
     * which {@link #build()} checks is one of them.
     */
    public Pipeline enumParam(String name, List<String> values, String defaultValue) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("enum parameter '" + name + "' needs at least one value");
        }
        param(name, defaultValue);
        paramDeclarations.put(name, ParamDeclaration.oneOf(values));
        return this;
    }

    /** Describes parameter {@code name}, declared before, for people. Default: no description. */
    public Pipeline describeParam(String name, String description) {
        if (!params.containsKey(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' is not declared; declare it before"
                    + " describing it");
        }
        requireText(description, "the description of parameter '" + name + "'");
        paramDeclarations.put(name, paramDeclarations.getOrDefault(name, ParamDeclaration.STRING)
                .withDescription(description));
        return this;
    }

    /** Declares a parameter with its default value, as text; steps use it as {@code ${params.NAME}}. */
    public Pipeline param(String name, Object defaultValue) {
        requireName(name, "parameter");
        if (defaultValue == null) {
            throw new IllegalArgumentException("parameter '" + name + "' needs a default value");
        }
        if (PipelineSpec.SECRET_PARAM.equals(String.valueOf(defaultValue))) {
            throw new IllegalArgumentException("the default '" + PipelineSpec.SECRET_PARAM + "' of parameter '" + name
                    + "' is reserved for secret parameters; declare one with secretParam(\"" + name + "\")");
        }
        if (params.putIfAbsent(name, String.valueOf(defaultValue)) != null) {
            throw new IllegalArgumentException("parameter '" + name + "' is declared twice");
        }
        return this;
    }

    /**
     * Declares a secret parameter: it has no default, its value is given at run time only
     * ({@code --param NAME=VALUE}, or {@code RunOptions.withParam}), is masked in logs and is
     * never stored. Steps use it as {@code ${params.NAME}}.
     */
    public Pipeline secretParam(String name) {
        requireName(name, "parameter");
        if (params.putIfAbsent(name, PipelineSpec.SECRET_PARAM) != null) {
            throw new IllegalArgumentException("parameter '" + name + "' is declared twice");
        }
        return this;
    }

    /**
     * Gives every step secret {@code secretName}, such as {@code SecretSpec.fromEnv("HF_TOKEN")}.
     * Default: no secrets.
     */
    public Pipeline secret(String secretName, SecretSpec secret) {
        if (!SecretSpec.isValidName(secretName)) {
            throw new IllegalArgumentException(SecretSpec.invalidNameMessage(secretName, "the pipeline"));
        }
        if (secret == null) {
            throw new IllegalArgumentException("secret '" + secretName + "' of the pipeline needs a source");
        }
        secrets.put(secretName, secret);
        return this;
    }

    /** The image for steps that name none. No default: the local executor needs none. */
    public Pipeline defaultImage(String image) {
        this.defaultImage = Optional.of(requireText(image, "default image"));
        return this;
    }

    /**
     * Settings for one executor that every step has unless it sets the same key itself (see
     * {@link StepBuilder#executorSettings}). Default: none.
     */
    public Pipeline defaultExecutorSettings(String executor, Map<String, ?> settings) {
        defaultExecutorSettings.put(executor, new LinkedHashMap<>(settings));
        return this;
    }

    /** Default CPU cores reserved by each step that sets none. No default: nothing reserved. */
    public Pipeline defaultCpus(double cpus) {
        this.defaultResources = defaultResources.withCpus(cpus);
        return this;
    }

    /** Default memory reserved by each step that sets none, such as {@code 1g}. */
    public Pipeline defaultMemory(String memory) {
        this.defaultResources = defaultResources.withMemory(MemorySize.of(memory));
        return this;
    }

    /**
     * Where the steps run unless a run says otherwise. Default: {@link ExecutorChoice#AUTO}, the
     * installed executor that suits the pipeline and ranks highest: Docker when the daemon
     * answers and every step has an image, else host processes.
     */
    public Pipeline executor(ExecutorChoice choice) {
        if (choice == null) {
            throw new IllegalArgumentException("executor must not be null; use ExecutorChoice.AUTO for the default");
        }
        this.executor = Optional.of(choice);
        return this;
    }

    /**
     * Where the steps run unless a run says otherwise, by the executor's name, such as
     * {@code "docker"}; see {@link #executor(ExecutorChoice)}.
     *
     * @throws IllegalArgumentException if {@code name} is not an executor's name
     */
    public Pipeline executor(String name) {
        return executor(new ExecutorChoice(name));
    }

    /**
     * Runs the pipeline by itself under {@code gantry scheduler}, such as
     * {@code ScheduleSpec.cron("0 3 * * *")}. Default: no schedule.
     */
    public Pipeline schedule(ScheduleSpec value) {
        this.schedule = Optional.of(value);
        return this;
    }

    /** Adds a step called {@code name} and returns its builder. */
    public StepBuilder step(String name) {
        requireName(name, "step");
        if (steps.containsKey(name)) {
            throw new IllegalArgumentException("step '" + name + "' is declared twice in pipeline '"
                    + this.name + "'");
        }
        StepBuilder step = new StepBuilder(name);
        steps.put(name, step);
        return step;
    }

    /** The finished spec; throws {@code InvalidPipelineException} listing every problem. */
    public PipelineSpec build() {
        Map<String, StepSpec> built = new LinkedHashMap<>();
        steps.forEach((n, s) -> built.put(n, s.build()));
        PipelineSpec spec = new PipelineSpec(
                name, params, new Defaults(defaultImage, defaultResources, defaultExecutorSettings), built, executor, schedule,
                secrets, paramDeclarations);
        return PipelineValidator.requireValid(spec, SourceMap.NONE);
    }

    static String requireName(String name, String what) {
        if (!Names.isValid(name)) {
            throw new IllegalArgumentException(Names.invalidMessage(what, name));
        }
        return name;
    }

    static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
