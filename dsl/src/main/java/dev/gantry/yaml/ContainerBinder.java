package dev.gantry.yaml;

import dev.gantry.spec.BuildSpec;
import dev.gantry.spec.MemorySize;
import dev.gantry.spec.TmpfsSpec;
import dev.gantry.spec.VolumeSpec;
import dev.gantry.yaml.YamlNode.Entry;
import dev.gantry.yaml.YamlNode.Mapping;
import dev.gantry.yaml.YamlNode.Scalar;
import dev.gantry.yaml.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a step's container keys: {@code build}, {@code volumes} and {@code tmpfs}. The scalar
 * ones ({@code checkpoints}, {@code network}, {@code capabilities}) need no more than
 * {@link Binding}. Whether paths are absolute and capabilities exist, the validator checks.
 */
final class ContainerBinder {
    static final List<String> BUILD_KEYS = List.of("context", "dockerfile", "args");
    static final List<String> VOLUME_KEYS = List.of("source", "target", "readOnly");
    static final List<String> TMPFS_KEYS = List.of("path", "size");
    private static final String VOLUME_FORMS =
            "use SOURCE:TARGET, SOURCE:TARGET:rw, or {source: ..., target: ..., readOnly: false}";

    private final Binding b;

    ContainerBinder(Binding binding) {
        this.b = binding;
    }

    /** {@code build: DIR}, or {@code build: {context: DIR, dockerfile: FILE, args: {NAME: VALUE}}}. */
    Optional<BuildSpec> build(Entry entry, String field, String context) {
        YamlNode node = entry.value();
        if (node instanceof Scalar) {
            return b.nonBlankText(node, field).map(BuildSpec::of);
        }
        if (!(node instanceof Mapping map)) {
            b.expected(node, "a directory or a mapping with 'context'", field);
            return Optional.empty();
        }
        String where = "build of " + context;
        b.allowOnly(map, BUILD_KEYS, where);
        Optional<String> dir = b.required(map, "context", where, entry.keyLocation())
                .flatMap(n -> b.nonBlankText(n, "'context' in " + where));
        Optional<String> dockerfile = map.entry("dockerfile")
                .flatMap(e -> b.nonBlankText(e.value(), "'dockerfile' in " + where));
        Map<String, String> args = new LinkedHashMap<>();
        map.entry("args").flatMap(e -> b.mapping(e.value(), "'args' in " + where)).ifPresent(m -> m.entries()
                .forEach(a -> args.put(a.key(), b.text(a.value(), "argument '" + a.key() + "' in " + where)
                        .orElse(""))));
        return dir.map(d -> new BuildSpec(d, dockerfile, args));
    }

    /** A list of {@code SOURCE:TARGET[:ro|:rw]} or {@code {source, target, readOnly}}. */
    List<VolumeSpec> volumes(YamlNode node, String field) {
        List<VolumeSpec> volumes = new ArrayList<>();
        List<YamlNode> items = items(node, "a list of volumes", field);
        for (int i = 0; i < items.size(); i++) {
            volume(items.get(i), "volume " + (i + 1) + " of " + field).ifPresent(volumes::add);
        }
        return volumes;
    }

    private Optional<VolumeSpec> volume(YamlNode node, String field) {
        if (node instanceof Scalar s && !s.isNull()) {
            String[] parts = s.text().split(":", -1);
            boolean shapeOk = (parts.length == 2 || parts.length == 3) && !parts[0].isBlank() && !parts[1].isBlank();
            if (shapeOk && (parts.length == 2 || parts[2].equals("ro") || parts[2].equals("rw"))) {
                return Optional.of(new VolumeSpec(parts[0], parts[1], parts.length == 2 || parts[2].equals("ro")));
            }
            b.report(node.location(), "invalid volume '" + s.text() + "' for " + field + " (" + VOLUME_FORMS + ")");
            return Optional.empty();
        }
        if (!(node instanceof Mapping map)) {
            b.expected(node, "SOURCE:TARGET or a mapping with 'source' and 'target'", field);
            return Optional.empty();
        }
        b.allowOnly(map, VOLUME_KEYS, field);
        Optional<String> source = b.required(map, "source", field, map.location())
                .flatMap(n -> b.nonBlankText(n, "'source' in " + field));
        Optional<String> target = b.required(map, "target", field, map.location())
                .flatMap(n -> b.nonBlankText(n, "'target' in " + field));
        boolean readOnly = map.entry("readOnly").flatMap(e -> b.bool(e.value(), "'readOnly' in " + field)).orElse(true);
        if (source.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VolumeSpec(source.get(), target.get(), readOnly));
    }

    /** A list of {@code PATH} or {@code {path: PATH, size: SIZE}}. */
    List<TmpfsSpec> tmpfs(YamlNode node, String field) {
        List<TmpfsSpec> mounts = new ArrayList<>();
        List<YamlNode> items = items(node, "a list of paths", field);
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String itemField = "tmpfs mount " + (i + 1) + " of " + field;
            if (item instanceof Scalar) {
                b.nonBlankText(item, itemField).map(TmpfsSpec::at).ifPresent(mounts::add);
            } else if (item instanceof Mapping map) {
                b.allowOnly(map, TMPFS_KEYS, itemField);
                Optional<String> path = b.required(map, "path", itemField, map.location())
                        .flatMap(n -> b.nonBlankText(n, "'path' in " + itemField));
                Optional<MemorySize> size = map.entry("size").flatMap(e -> b.memory(e.value(), "'size' in " + itemField));
                path.ifPresent(p -> mounts.add(new TmpfsSpec(p, size)));
            } else {
                b.expected(item, "a path or a mapping with 'path'", itemField);
            }
        }
        return mounts;
    }

    private List<YamlNode> items(YamlNode node, String expected, String field) {
        if (node instanceof Sequence seq) {
            return seq.items();
        }
        b.expected(node, expected, field);
        return List.of();
    }
}
