package dev.gantry.yaml;

import dev.gantry.spec.Defaults;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.spec.Names;
import dev.gantry.spec.ParamDeclaration;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.Resources;
import dev.gantry.spec.ScheduleSpec;
import dev.gantry.spec.SecretSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.yaml.YamlNode.Entry;
import dev.gantry.yaml.YamlNode.Mapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds the top of a pipeline file (name, params, defaults, steps) to a {@link PipelineSpec},
 * reporting what does not fit through a {@link Binding}.
 *
 * <p>Where a value cannot be read, binding goes on with a stand-in that the validator accepts,
 * so one mistake is reported once and not again by the checks that follow. A spec with
 * stand-ins never leaves the reader: the reader throws when any problem was reported.
 */
final class PipelineBinder {
    /** The keys of a pipeline file's top level, in the order messages list them. */
    static final List<String> PIPELINE_KEYS = List.of("name", "description", "executor", "schedule", "params",
            "defaults", "steps", "secrets");
    /** The keys of {@code defaults}. */
    static final List<String> DEFAULTS_KEYS = List.of("image", "resources", "executors");
    /** Stands in for a pipeline name that could not be read. */
    private static final String STAND_IN_NAME = "unnamed";
    private static final String CONTEXT = "the pipeline";

    private final Binding b;
    private final StepBinder steps;
    private final SecretBinder secrets;
    private final ParamBinder params;

    PipelineBinder(Binding binding) {
        this.b = binding;
        this.steps = new StepBinder(binding);
        this.secrets = new SecretBinder(binding);
        this.params = new ParamBinder(binding);
    }

    /** The spec written in {@code root}, as complete as the problems allow; empty when root is no mapping. */
    Optional<PipelineSpec> bind(YamlNode root) {
        if (!(root instanceof Mapping top)) {
            b.expected(root, "a mapping with 'name' and 'steps'", "the top of a pipeline file");
            return Optional.empty();
        }
        b.allowOnly(top, PIPELINE_KEYS, CONTEXT);
        String name = b.required(top, "name", CONTEXT, top.location())
                .flatMap(node -> b.text(node, "'name' in " + CONTEXT))
                .orElse(STAND_IN_NAME);
        if (name.isBlank()) {
            b.report(top.entry("name").orElseThrow().value().location(), Names.invalidMessage("pipeline", name));
            name = STAND_IN_NAME;
        }
        top.entry("description").ifPresent(e -> b.text(e.value(), "'description' in " + CONTEXT));
        Optional<ExecutorChoice> executor = top.entry("executor").flatMap(this::executor);
        Map<String, ParamBinder.Param> declared = top.entry("params").map(this::params).orElse(Map.of());
        Map<String, String> paramDefaults = new LinkedHashMap<>();
        Map<String, ParamDeclaration> paramDeclarations = new LinkedHashMap<>();
        declared.forEach((param, read) -> {
            paramDefaults.put(param, read.defaultValue());
            paramDeclarations.put(param, read.declaration());
        });
        Defaults defaults = top.entry("defaults").map(this::defaults).orElse(Defaults.NONE);
        Map<String, StepSpec> stepSpecs = b.required(top, "steps", CONTEXT, top.location())
                .map(this::steps)
                .orElse(Map.of());
        Optional<ScheduleSpec> schedule = top.entry("schedule").flatMap(e -> new ScheduleBinder(b).bind(e));
        Map<String, SecretSpec> pipelineSecrets = top.entry("secrets")
                .map(e -> secrets.secrets(e.value(), CONTEXT))
                .orElse(Map.of());
        return Optional.of(new PipelineSpec(name, paramDefaults, defaults, stepSpecs, executor, schedule, pipelineSecrets,
                paramDeclarations));
    }

    /**
     * An executor's name, or {@code auto}. Which executors exist is the engine's to say where the
     * pipeline runs; here only the name's form is checked.
     */
    private Optional<ExecutorChoice> executor(Entry entry) {
        String field = "'executor' in " + CONTEXT;
        Optional<String> text = b.text(entry.value(), field);
        Optional<ExecutorChoice> choice = text.flatMap(ExecutorChoice::parse);
        if (text.isPresent() && choice.isEmpty()) {
            b.report(entry.value().location(), "invalid executor '" + text.get() + "' for " + field
                    + " (an executor's name is lower-case letters, digits and '-', such as local, docker or auto)");
        }
        return choice;
    }

    private Map<String, ParamBinder.Param> params(Entry entry) {
        Map<String, ParamBinder.Param> read = new LinkedHashMap<>();
        b.mapping(entry.value(), "'params' in " + CONTEXT).ifPresent(map -> {
            for (Entry e : map.entries()) {
                read.put(e.key(), params.bind(e));
            }
        });
        return read;
    }

    private Defaults defaults(Entry entry) {
        Optional<Mapping> map = b.mapping(entry.value(), "'defaults' in " + CONTEXT);
        if (map.isEmpty()) {
            return Defaults.NONE;
        }
        b.allowOnly(map.get(), DEFAULTS_KEYS, "defaults");
        Optional<String> image = map.get().entry("image")
                .flatMap(e -> b.nonBlankText(e.value(), "'image' in defaults"));
        Resources resources = map.get().entry("resources")
                .map(e -> b.resources(e.value(), "defaults"))
                .orElse(Resources.NONE);
        Map<String, Map<String, Object>> executors = map.get().entry("executors")
                .map(e -> b.executorOptions(e.value(), "defaults"))
                .orElse(Map.of());
        return new Defaults(image, resources, executors);
    }

    private Map<String, StepSpec> steps(YamlNode node) {
        Map<String, StepSpec> specs = new LinkedHashMap<>();
        b.mapping(node, "'steps' in " + CONTEXT).ifPresent(map -> {
            if (map.entries().isEmpty()) {
                b.report(map.location(), "'steps' in " + CONTEXT + " is empty; a pipeline needs at least one step");
            }
            for (Entry e : map.entries()) {
                steps.bind(e).ifPresent(step -> specs.put(step.name(), step));
            }
        });
        return specs;
    }
}
