package dev.gantry.yaml;

import dev.gantry.spec.BuildSpec;
import dev.gantry.spec.CacheSpec;
import dev.gantry.spec.ContainerSpec;
import dev.gantry.spec.Defaults;
import dev.gantry.spec.Durations;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.ParamDeclaration;
import dev.gantry.spec.ParamType;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.Resources;
import dev.gantry.spec.RetrySpec;
import dev.gantry.spec.ScheduleSpec;
import dev.gantry.spec.SecretSource;
import dev.gantry.spec.SecretSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.spec.TmpfsSpec;
import dev.gantry.spec.VolumeSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a spec as pipeline YAML: block style for the pipeline, its steps and each step, and
 * small values such as a command or a step's outputs on one line in flow style when they fit.
 * Values that are the default are left out, so the file says only what was chosen.
 */
final class YamlWriter {
    /** The line length up to which a collection is written on one line. */
    private static final int WIDTH = 100;

    /** A mapping that is always written in block style, one key a line. */
    private record Block(Map<String, Object> entries) {}

    /** A scalar written exactly as given, because it is already safe: a number, a boolean, a parameter. */
    private record Raw(String text) {}

    private final StringBuilder out = new StringBuilder();

    private YamlWriter() {}

    static String write(PipelineSpec spec) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", spec.name());
        spec.executor().ifPresent(e -> root.put("executor", e.name()));
        spec.schedule().ifPresent(s -> root.put("schedule", schedule(s)));
        if (!spec.params().isEmpty()) {
            Map<String, Object> params = new LinkedHashMap<>();
            spec.params().forEach((k, v) -> params.put(k, param(spec, k, v)));
            root.put("params", params);
        }
        putSecrets(root, spec.secrets());
        Defaults defaults = spec.defaults();
        if (!defaults.equals(Defaults.NONE)) {
            Map<String, Object> map = new LinkedHashMap<>();
            defaults.image().ifPresent(image -> map.put("image", image));
            putResources(map, defaults.resources());
            putExecutors(map, defaults.executors());
            root.put("defaults", map);
        }
        Map<String, Object> steps = new LinkedHashMap<>();
        spec.steps().forEach((name, step) -> steps.put(name, new Block(step(step))));
        root.put("steps", new Block(steps));
        YamlWriter writer = new YamlWriter();
        writer.mapping(root, 0);
        return writer.out.toString();
    }

    /** A parameter in the short form {@code NAME: VALUE} when it declares nothing more, else as a mapping. */
    private static Object param(PipelineSpec spec, String name, String value) {
        ParamDeclaration declaration = spec.paramDeclaration(name);
        Map<String, Object> map = new LinkedHashMap<>();
        if (spec.isSecretParam(name)) {
            map.put("secret", new Raw("true"));
        } else if (declaration.equals(ParamDeclaration.STRING)) {
            return new Raw(YamlScalars.asWritten(value));
        } else {
            if (declaration.type() != ParamType.STRING) {
                map.put("type", declaration.type().yamlName());
            }
            if (!declaration.values().isEmpty()) {
                map.put("values", declaration.values().stream().map(v -> new Raw(YamlScalars.asWritten(v))).toList());
            }
            map.put("default", new Raw(YamlScalars.asWritten(value)));
        }
        declaration.description().ifPresent(d -> map.put("description", d));
        return map;
    }

    private static Map<String, Object> schedule(ScheduleSpec schedule) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cron", schedule.cron());
        map.put("timezone", schedule.timezone().getId());
        if (!schedule.params().isEmpty()) {
            Map<String, Object> params = new LinkedHashMap<>();
            schedule.params().forEach((k, v) -> params.put(k, new Raw(YamlScalars.asWritten(v))));
            map.put("params", params);
        }
        map.put("misfire", schedule.misfire().yamlName());
        map.put("overlap", schedule.overlap().yamlName());
        return map;
    }

    private static Map<String, Object> step(StepSpec step) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("command", command(step.command()));
        step.image().ifPresent(image -> map.put("image", image));
        step.container().build().ifPresent(build -> map.put("build", build(build)));
        putIfNotEmpty(map, "code", step.code());
        if (!step.fingerprint().isEmpty()) {
            map.put("fingerprint", step.fingerprint().stream().map(YamlWriter::command).toList());
        }
        if (!step.inputs().isEmpty()) {
            Map<String, Object> inputs = new LinkedHashMap<>();
            step.inputs().forEach((name, source) -> inputs.put(name, input(source)));
            map.put("inputs", inputs);
        }
        if (!step.outputs().isEmpty()) {
            map.put("outputs", step.outputs().entrySet().stream().collect(Collectors.toMap(
                    Map.Entry::getKey, e -> new Raw(e.getValue().yamlName()), (a, b) -> a, LinkedHashMap::new)));
        }
        putIfNotEmpty(map, "after", step.after());
        if (!step.env().isEmpty()) {
            map.put("env", new LinkedHashMap<Object, Object>(step.env()));
        }
        step.workdir().ifPresent(dir -> map.put("workdir", dir));
        putResources(map, step.resources());
        putContainer(map, step.container());
        if (!step.retry().equals(RetrySpec.NONE)) {
            Map<String, Object> retry = new LinkedHashMap<>();
            retry.put("attempts", new Raw(Integer.toString(step.retry().attempts())));
            if (!step.retry().backoff().isZero()) {
                retry.put("backoff", Durations.format(step.retry().backoff()));
            }
            step.retry().on().ifPresent(on -> {
                List<Object> items = new ArrayList<>();
                on.kinds().forEach(k -> items.add(k.yamlName()));
                on.exitCodes().forEach(c -> items.add(new Raw(Integer.toString(c))));
                retry.put("on", items);
            });
            step.retry().memoryGrowth().ifPresent(g -> retry.put("memory", "x" + BigDecimal.valueOf(g).stripTrailingZeros().toPlainString()));
            map.put("retry", retry);
        }
        step.timeout().ifPresent(t -> map.put("timeout", Durations.format(t)));
        putCache(map, step.cache());
        if (!step.matrix().isEmpty()) {
            Map<String, Object> axes = new LinkedHashMap<>();
            step.matrix().axes().forEach((param, values) ->
                    axes.put(param, values.stream().map(v -> new Raw(YamlScalars.asWritten(v))).toList()));
            map.put("matrix", axes);
        }
        step.when().ifPresent(condition -> map.put("when", condition.toString()));
        putSecrets(map, step.secrets());
        putExecutors(map, step.executors());
        return map;
    }

    /** Each secret as {@code NAME: {env: VARIABLE}} or {@code NAME: {file: PATH}}, with {@code as: file} when so. */
    private static void putSecrets(Map<String, Object> map, Map<String, SecretSpec> secrets) {
        if (secrets.isEmpty()) {
            return;
        }
        Map<String, Object> all = new LinkedHashMap<>();
        secrets.forEach((name, secret) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            if (secret.source() instanceof SecretSource.EnvVar env) {
                s.put("env", env.name());
            } else if (secret.source() instanceof SecretSource.HostFile file) {
                s.put("file", file.path());
            }
            if (secret.as() != SecretSpec.Delivery.ENV) {
                s.put("as", new Raw(secret.as().yamlName()));
            }
            all.put(name, s);
        });
        map.put("secrets", all);
    }

    /** A command as a list, or as the string {@code sh -c} runs when it is one. */
    private static void putExecutors(Map<String, Object> map, Map<String, Map<String, Object>> executors) {
        if (!executors.isEmpty()) {
            map.put("executors", new LinkedHashMap<Object, Object>(executors));
        }
    }

    private static Object command(List<String> command) {
        boolean shellString = command.size() == 3 && command.subList(0, 2).equals(StepBinder.SHELL);
        return shellString ? command.get(2) : command;
    }

    private static Object input(InputSpec source) {
        if (source instanceof InputSpec.HostPath path) {
            return Map.of("path", path.path());
        }
        if (source instanceof InputSpec.Collected collected) {
            return Map.of("collect", collected.source().toString());
        }
        return source.toString();
    }

    private static void putIfNotEmpty(Map<String, Object> map, String key, List<String> list) {
        if (!list.isEmpty()) {
            map.put(key, list);
        }
    }

    private static void putResources(Map<String, Object> map, Resources resources) {
        if (resources.isEmpty()) {
            return;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        resources.cpus().ifPresent(c -> r.put("cpus", new Raw(BigDecimal.valueOf(c).stripTrailingZeros().toPlainString())));
        resources.memory().ifPresent(m -> r.put("memory", m.toString()));
        resources.gpus().ifPresent(g -> r.put("gpus", new Raw(Integer.toString(g))));
        resources.shm().ifPresent(m -> r.put("shm", m.toString()));
        resources.shareGpus().ifPresent(s -> r.put("shareGpus", new Raw(Boolean.toString(s))));
        map.put("resources", r);
    }

    /** {@code build: DIR} when only the context is set, else the mapping. */
    private static Object build(BuildSpec build) {
        if (build.dockerfile().isEmpty() && build.args().isEmpty()) {
            return build.context();
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("context", build.context());
        build.dockerfile().ifPresent(d -> b.put("dockerfile", d));
        if (!build.args().isEmpty()) {
            b.put("args", new LinkedHashMap<Object, Object>(build.args()));
        }
        return b;
    }

    private static void putContainer(Map<String, Object> map, ContainerSpec container) {
        if (!container.volumes().isEmpty()) {
            map.put("volumes", container.volumes().stream().map(YamlWriter::volume).toList());
        }
        if (!container.tmpfs().isEmpty()) {
            map.put("tmpfs", container.tmpfs().stream().map(YamlWriter::tmpfs).toList());
        }
        container.checkpoints().ifPresent(path -> map.put("checkpoints", path));
        container.network().ifPresent(network -> map.put("network", network));
        putIfNotEmpty(map, "capabilities", container.capabilities());
        putIfNotEmpty(map, "unsafe", container.unsafe());
    }

    /** The short form {@code SOURCE:TARGET[:rw]}, or the mapping when a path holds a colon. */
    private static Object volume(VolumeSpec volume) {
        if (!volume.source().contains(":") && !volume.target().contains(":")) {
            return volume.toString();
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("source", volume.source());
        v.put("target", volume.target());
        if (!volume.readOnly()) {
            v.put("readOnly", new Raw("false"));
        }
        return v;
    }

    private static Object tmpfs(TmpfsSpec tmpfs) {
        if (tmpfs.size().isEmpty()) {
            return tmpfs.path();
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("path", tmpfs.path());
        t.put("size", tmpfs.size().get().toString());
        return t;
    }

    private static void putCache(Map<String, Object> map, CacheSpec cache) {
        if (cache.equals(CacheSpec.DEFAULT)) {
            return;
        }
        if (cache.version().isEmpty() && cache.maxAge().isEmpty()) {
            map.put("cache", new Raw("false"));
            return;
        }
        Map<String, Object> c = new LinkedHashMap<>();
        if (!cache.enabled()) {
            c.put("enabled", new Raw("false"));
        }
        cache.version().ifPresent(v -> c.put("version", v));
        cache.maxAge().ifPresent(age -> c.put("max-age", Durations.format(age)));
        map.put("cache", c);
    }

    private void mapping(Map<?, ?> map, int indent) {
        map.forEach((key, value) -> {
            String prefix = " ".repeat(indent) + YamlScalars.string(key.toString()) + ":";
            if (value instanceof Block block) {
                if (block.entries().isEmpty()) {
                    out.append(prefix).append(" {}\n");
                } else {
                    out.append(prefix).append('\n');
                    mapping(block.entries(), indent + 2);
                }
                return;
            }
            String flow = flow(value);
            if (prefix.length() + 1 + flow.length() <= WIDTH || isScalar(value)) {
                out.append(prefix).append(' ').append(flow).append('\n');
            } else if (value instanceof Map<?, ?> nested) {
                out.append(prefix).append('\n');
                mapping(nested, indent + 2);
            } else {
                out.append(prefix).append('\n');
                for (Object item : (List<?>) value) {
                    out.append(" ".repeat(indent + 2)).append("- ").append(flow(item)).append('\n');
                }
            }
        });
    }

    private static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Raw;
    }

    /** {@code value} on one line: a scalar, {@code [a, b]} or {@code {k: v}}. */
    private static String flow(Object value) {
        if (value instanceof Raw raw) {
            return raw.text();
        }
        if (value instanceof String text) {
            return YamlScalars.string(text);
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> YamlScalars.string(e.getKey().toString()) + ": " + flow(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return ((List<?>) value).stream().map(YamlWriter::flow).collect(Collectors.joining(", ", "[", "]"));
    }
}
