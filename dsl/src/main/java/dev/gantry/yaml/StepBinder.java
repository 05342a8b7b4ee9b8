package dev.gantry.yaml;

import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.BuildSpec;
import dev.gantry.spec.CacheSpec;
import dev.gantry.spec.Condition;
import dev.gantry.spec.ContainerSpec;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.MatrixSpec;
import dev.gantry.spec.Names;
import dev.gantry.spec.Resources;
import dev.gantry.spec.RetrySpec;
import dev.gantry.spec.RetrySpec.RetryOn;
import dev.gantry.spec.SecretSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.spec.TmpfsSpec;
import dev.gantry.spec.VolumeSpec;
import dev.gantry.validation.Suggestions;
import dev.gantry.yaml.YamlNode.Entry;
import dev.gantry.yaml.YamlNode.Mapping;
import dev.gantry.yaml.YamlNode.Scalar;
import dev.gantry.yaml.YamlNode.ScalarType;
import dev.gantry.yaml.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Binds one entry of {@code steps} to a {@link StepSpec}; see {@link PipelineBinder} for stand-ins. */
final class StepBinder {
    /** The keys of a step, in the order messages list them. */
    static final List<String> STEP_KEYS = List.of("command", "image", "build", "code", "fingerprint",
            "inputs", "outputs", "after", "env", "workdir", "resources", "volumes", "tmpfs", "checkpoints", "network",
            "capabilities", "unsafe", "retry", "timeout", "cache", "matrix", "when", "secrets",
            "executors");
    static final List<String> RETRY_KEYS = List.of("attempts", "backoff", "on", "memory");
    static final List<String> CACHE_KEYS = List.of("enabled", "version", "max-age");
    private static final Pattern MEMORY_GROWTH = Pattern.compile("x(\\d+(?:\\.\\d+)?)");
    /** The shell that runs a command written as one string: {@code [sh, -c, STRING]}. */
    static final List<String> SHELL = List.of("sh", "-c");
    /** Stands in for a command that could not be read, so it is not reported missing as well. */
    private static final List<String> STAND_IN_COMMAND = List.of("true");
    /** Stands in for an input that could not be read, so that it still counts as declared. */
    private static final InputSpec STAND_IN_INPUT = new InputSpec.HostPath("unreadable");
    /** A reference's shape; whether the step and output exist, and their names are valid, the validator checks. */
    private static final Pattern REFERENCE = Pattern.compile("([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)");
    private static final String TYPES = Arrays.stream(ArtifactType.values())
            .map(ArtifactType::yamlName).collect(Collectors.joining(", "));

    private final Binding b;
    private final ContainerBinder containers;
    private final SecretBinder secretBinder;

    StepBinder(Binding binding) {
        this.b = binding;
        this.containers = new ContainerBinder(binding);
        this.secretBinder = new SecretBinder(binding);
    }

    /** The step written in {@code entry}; empty only when its name is blank. */
    Optional<StepSpec> bind(Entry entry) {
        String name = entry.key();
        String context = "step '" + name + "'";
        if (name.isBlank()) {
            b.report(entry.keyLocation(), Names.invalidMessage("step", name));
            return Optional.empty();
        }
        List<String> command = STAND_IN_COMMAND;
        Optional<String> image = Optional.empty();
        Optional<String> workdir = Optional.empty();
        List<String> code = List.of();
        List<List<String>> fingerprint = List.of();
        List<String> after = List.of();
        Map<String, InputSpec> inputs = new LinkedHashMap<>();
        Map<String, ArtifactType> outputs = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        Resources resources = Resources.NONE;
        RetrySpec retry = RetrySpec.NONE;
        Optional<Duration> timeout = Optional.empty();
        CacheSpec cache = CacheSpec.DEFAULT;
        Optional<BuildSpec> build = Optional.empty();
        List<VolumeSpec> volumes = List.of();
        List<TmpfsSpec> tmpfs = List.of();
        Optional<String> checkpoints = Optional.empty();
        Optional<String> network = Optional.empty();
        List<String> capabilities = List.of();
        List<String> unsafe = List.of();
        MatrixSpec matrix = MatrixSpec.NONE;
        Optional<Condition> when = Optional.empty();
        Map<String, SecretSpec> secrets = Map.of();
        Map<String, Map<String, Object>> executors = Map.of();
        Optional<Mapping> body = b.mapping(entry.value(), context);
        if (body.isPresent()) {
            b.allowOnly(body.get(), STEP_KEYS, context);
            b.required(body.get(), "command", context, entry.keyLocation());
            for (Entry e : body.get().entries()) {
                String field = "'" + e.key() + "' in " + context;
                YamlNode v = e.value();
                switch (e.key()) {
                    case "command" -> command = command(v, field).orElse(STAND_IN_COMMAND);
                    case "image" -> image = b.nonBlankText(v, field);
                    case "code" -> code = b.textList(v, field).orElse(List.of());
                    case "fingerprint" -> fingerprint = fingerprint(v, field, context);
                    case "inputs" -> b.mapping(v, field).ifPresent(m -> m.entries().forEach(
                            i -> inputs.put(i.key(), input(i.value(), "input '" + i.key() + "' of " + context))));
                    case "outputs" -> b.mapping(v, field).ifPresent(m -> m.entries().forEach(
                            o -> outputs.put(o.key(), output(o.value(), "output '" + o.key() + "' of " + context))));
                    case "after" -> after = b.textList(v, field).orElse(List.of());
                    case "env" -> b.mapping(v, field).ifPresent(m -> m.entries().forEach(
                            x -> env.put(x.key(), b.text(x.value(), "variable '" + x.key() + "' in 'env' of "
                                    + context).orElse(""))));
                    case "workdir" -> workdir = b.nonBlankText(v, field);
                    case "resources" -> resources = b.resources(v, context);
                    case "retry" -> retry = retry(e, field, "retry of " + context).orElse(RetrySpec.NONE);
                    case "timeout" -> timeout = b.duration(v, field);
                    case "cache" -> cache = cache(v, field, "cache of " + context).orElse(CacheSpec.DEFAULT);
                    case "build" -> build = containers.build(e, field, context);
                    case "volumes" -> volumes = containers.volumes(v, field);
                    case "tmpfs" -> tmpfs = containers.tmpfs(v, field);
                    case "checkpoints" -> checkpoints = b.nonBlankText(v, field);
                    case "network" -> network = b.nonBlankText(v, field);
                    case "capabilities" -> capabilities = b.textList(v, field).orElse(List.of());
                    case "unsafe" -> unsafe = b.textList(v, field).orElse(List.of());
                    case "matrix" -> matrix = matrix(v, field, context);
                    case "when" -> when = b.nonBlankText(v, field).flatMap(text -> condition(v, text, context));
                    case "secrets" -> secrets = secretBinder.secrets(v, context);
                    case "executors" -> executors = b.executorOptions(v, context);
                    default -> { } // Reported by allowOnly.
                }
            }
        }
        return Optional.of(new StepSpec(name, command, image, code, fingerprint, inputs, outputs, after, env, workdir,
                resources, retry, timeout, cache,
                new ContainerSpec(build, volumes, tmpfs, checkpoints, network, capabilities, unsafe), matrix, when,
                secrets, executors));
    }

    /** A list of commands, each written as {@code command} is: a list of strings, or one string for {@code sh -c}. */
    private List<List<String>> fingerprint(YamlNode node, String field, String context) {
        if (!(node instanceof Sequence seq)) {
            b.expected(node, "a list of commands", field);
            return List.of();
        }
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            command(seq.items().get(i), "fingerprint command " + (i + 1) + " of " + context).ifPresent(commands::add);
        }
        return commands;
    }

    /** A mapping of parameter name to a non-empty list of its values. */
    private MatrixSpec matrix(YamlNode node, String field, String context) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        b.mapping(node, field).ifPresent(map -> {
            if (map.entries().isEmpty()) {
                b.expected(node, "at least one parameter with its values", field);
            }
            for (Entry axis : map.entries()) {
                String values = "values of '" + axis.key() + "' in the matrix of " + context;
                if (axis.value() instanceof Sequence seq && seq.items().isEmpty()) {
                    b.expected(axis.value(), "a non-empty list", values);
                    continue;
                }
                b.textList(axis.value(), values).ifPresent(list -> axes.put(axis.key(), list));
            }
        });
        return new MatrixSpec(axes);
    }

    private Optional<Condition> condition(YamlNode node, String text, String context) {
        try {
            return Optional.of(Condition.parse(text));
        } catch (IllegalArgumentException e) {
            b.report(node.location(), e.getMessage() + " in 'when' of " + context);
            return Optional.empty();
        }
    }

    /** A list of strings, or one string that {@code sh -c} runs. */
    private Optional<List<String>> command(YamlNode node, String field) {
        if (node instanceof Scalar s && !s.isNull()) {
            return b.nonBlankText(node, field).map(text -> concat(SHELL, text));
        }
        if (node instanceof Sequence seq) {
            if (seq.items().isEmpty()) {
                b.expected(node, "a non-empty list of strings", field);
                return Optional.empty();
            }
            return b.textList(node, field);
        }
        b.expected(node, "a list of strings or a string", field);
        return Optional.empty();
    }

    private static List<String> concat(List<String> head, String last) {
        return Stream.concat(head.stream(), Stream.of(last)).toList();
    }

    /**
     * {@code step.output}, {@code {path: FILE}} for a host file or directory, or
     * {@code {collect: step.output}} for an output of every trial of a matrix step.
     */
    private InputSpec input(YamlNode node, String field) {
        if (node instanceof Scalar s && !s.isNull()) {
            Matcher m = REFERENCE.matcher(s.text());
            if (m.matches()) {
                return new InputSpec.StepOutput(m.group(1), m.group(2));
            }
            b.report(node.location(), "invalid reference '" + s.text() + "' for " + field
                    + " (use <step>.<output>, or {path: ...} for a host file)");
            return STAND_IN_INPUT;
        }
        if (node instanceof Mapping map && map.entry("collect").isPresent()) {
            b.allowOnly(map, List.of("collect"), field);
            YamlNode ref = map.entry("collect").get().value();
            Optional<String> text = b.nonBlankText(ref, "'collect' in " + field);
            Matcher m = REFERENCE.matcher(text.orElse(""));
            if (m.matches()) {
                return new InputSpec.Collected(m.group(1), m.group(2));
            }
            text.ifPresent(t -> b.report(ref.location(), "invalid reference '" + t + "' for 'collect' in " + field
                    + " (use <step>.<output>, naming a step with a matrix)"));
            return STAND_IN_INPUT;
        }
        if (node instanceof Mapping map) {
            b.allowOnly(map, List.of("path", "collect"), field);
            return b.required(map, "path", field, map.location())
                    .flatMap(path -> b.nonBlankText(path, "'path' in " + field))
                    .<InputSpec>map(InputSpec.HostPath::new)
                    .orElse(STAND_IN_INPUT);
        }
        b.expected(node, "<step>.<output>, {path: ...} or {collect: <step>.<output>}", field);
        return STAND_IN_INPUT;
    }

    /** {@code arrow}, or {@code {type: arrow}}; without a type, an output is {@code arrow}. */
    private ArtifactType output(YamlNode node, String field) {
        YamlNode typeNode = node;
        if (node instanceof Mapping map) {
            b.allowOnly(map, List.of("type"), field);
            Optional<Entry> type = map.entry("type");
            if (type.isEmpty()) {
                return ArtifactType.ARROW;
            }
            typeNode = type.get().value();
        }
        if (typeNode instanceof Scalar s && !s.isNull()) {
            return ArtifactType.fromYamlName(s.text()).orElseGet(() -> {
                b.report(s.location(), "invalid artifact type '" + s.text() + "' for " + field
                        + " (use one of: " + TYPES + ")");
                return ArtifactType.ARROW;
            });
        }
        b.expected(typeNode, "an artifact type (one of: " + TYPES + ")", field);
        return ArtifactType.ARROW;
    }

    private Optional<RetrySpec> retry(Entry entry, String field, String context) {
        Optional<Mapping> map = b.mapping(entry.value(), field);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        b.allowOnly(map.get(), RETRY_KEYS, context);
        Optional<Integer> attempts = b.required(map.get(), "attempts", context, entry.keyLocation())
                .flatMap(node -> b.wholeNumber(node, 1, "'attempts' in " + context));
        Duration backoff = map.get().entry("backoff")
                .flatMap(e -> b.duration(e.value(), "'backoff' in " + context))
                .orElse(Duration.ZERO);
        Optional<Entry> onEntry = map.get().entry("on");
        Optional<RetryOn> on = onEntry.flatMap(e -> retryOn(e.value(), "'on' in " + context));
        Optional<Entry> memoryEntry = map.get().entry("memory");
        Optional<Double> growth = memoryEntry.flatMap(e -> memoryGrowth(e.value(), "'memory' in " + context));
        if (on.isPresent() && on.get().kinds().contains(FailureKind.OUT_OF_MEMORY) && memoryEntry.isEmpty()) {
            b.report(onEntry.get().value().location(), "'on' in " + context + " names out-of-memory, which needs"
                    + " 'memory' to say how the step's memory grows, such as 'memory: x2': at the same limit it"
                    + " would run out again");
            return Optional.empty();
        }
        if ((onEntry.isPresent() && on.isEmpty()) || (memoryEntry.isPresent() && growth.isEmpty())) {
            return Optional.empty();
        }
        return attempts.map(n -> new RetrySpec(n, backoff, on, growth));
    }

    /** {@code [exit-code, timeout, 137]}: failure kinds that a retry may help, and exit codes. */
    private Optional<RetryOn> retryOn(YamlNode node, String field) {
        if (!(node instanceof Sequence seq) || seq.items().isEmpty()) {
            b.expected(node, "a list of failure kinds and exit codes, such as [timeout, 137]", field);
            return Optional.empty();
        }
        List<FailureKind> kinds = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : seq.items()) {
            String kindNames = RetryOn.RETRYABLE.stream().map(FailureKind::yamlName).collect(Collectors.joining(", "));
            if (item instanceof Scalar s && s.type() == ScalarType.INTEGER) {
                Optional<Integer> code = b.wholeNumber(item, 1, "exit code in " + field);
                if (code.isPresent() && code.get() <= 255) {
                    codes.add(code.get());
                } else {
                    if (code.isPresent()) {
                        b.report(item.location(), "invalid exit code " + code.get() + " in " + field + " (1 to 255)");
                    }
                    ok = false;
                }
                continue;
            }
            Optional<String> name = b.text(item, "item of " + field);
            Optional<FailureKind> kind = name.flatMap(FailureKind::fromYamlName);
            if (kind.isPresent() && RetryOn.RETRYABLE.contains(kind.get())) {
                kinds.add(kind.get());
            } else if (kind.isPresent()) {
                b.report(item.location(), kind.get().yamlName() + " in " + field + " is never retried: "
                        + (kind.get() == FailureKind.COULD_NOT_START ? "the same command or image would fail again"
                                : kind.get() == FailureKind.CANCELLED ? "a cancelled run stops"
                                : "the same program would write the same output")
                        + " (retry on: " + kindNames + ", or exit codes)");
                ok = false;
            } else if (name.isPresent()) {
                b.report(item.location(), "unknown failure kind '" + name.get() + "' in " + field
                        + Suggestions.didYouMean(name.get(), RetryOn.RETRYABLE.stream().map(FailureKind::yamlName)
                                .toList()) + " (retry on: " + kindNames + ", or exit codes)");
                ok = false;
            } else {
                ok = false;
            }
        }
        return ok ? Optional.of(new RetryOn(kinds.stream().distinct().toList(),
                codes.stream().distinct().sorted().toList())) : Optional.empty();
    }

    /** {@code x2} or {@code x1.5}: what each retry after running out of memory multiplies the memory by. */
    private Optional<Double> memoryGrowth(YamlNode node, String field) {
        if (node instanceof Scalar s && !s.isNull()) {
            Matcher m = MEMORY_GROWTH.matcher(s.text());
            if (m.matches()) {
                double factor = Double.parseDouble(m.group(1));
                if (factor > 1 && factor <= 16) {
                    return Optional.of(factor);
                }
            }
        }
        b.expected(node, "a growth such as x2 or x1.5 (more than x1, at most x16)", field);
        return Optional.empty();
    }

    /** {@code true}, {@code false}, or {@code {enabled: BOOLEAN, version: TEXT, max-age: DURATION}}. */
    private Optional<CacheSpec> cache(YamlNode node, String field, String context) {
        if (node instanceof Scalar s && (s.type() == ScalarType.TRUE || s.type() == ScalarType.FALSE)) {
            return Optional.of(s.type() == ScalarType.TRUE ? CacheSpec.DEFAULT : CacheSpec.DISABLED);
        }
        if (!(node instanceof Mapping map)) {
            b.expected(node, "true, false or a mapping with 'version' or 'max-age'", field);
            return Optional.empty();
        }
        b.allowOnly(map, CACHE_KEYS, context);
        boolean enabled = map.entry("enabled").flatMap(e -> b.bool(e.value(), "'enabled' in " + context)).orElse(true);
        Optional<String> version = map.entry("version")
                .flatMap(e -> b.nonBlankText(e.value(), "'version' in " + context));
        Optional<Duration> maxAge = map.entry("max-age").flatMap(e -> b.duration(e.value(), "'max-age' in " + context)
                .filter(age -> {
                    if (age.isZero()) {
                        b.expected(e.value(), "a duration more than zero, such as 7d or 12h", "'max-age' in " + context);
                    }
                    return !age.isZero();
                }));
        return Optional.of(new CacheSpec(enabled, version, maxAge));
    }
}
