package dev.gantry.yaml;

import dev.gantry.spec.SecretSource;
import dev.gantry.spec.SecretSpec;
import dev.gantry.yaml.YamlNode.Entry;
import dev.gantry.yaml.YamlNode.Mapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds {@code secrets:} mappings, of the pipeline and of a step. A secret is written {@code NAME: {env: VARIABLE}} or
 * {@code NAME: {file: PATH}}, with {@code as: file} to receive it as a file in the container.
 */
final class SecretBinder {
    /** The kinds of source, in the order messages list them. */
    static final List<String> SOURCES = List.of("env", "file");
    /** The keys of one secret. */
    static final List<String> SECRET_KEYS = List.of("env", "file", "as");

    private final Binding b;

    SecretBinder(Binding binding) {
        this.b = binding;
    }

    /** The secrets of {@code owner} ({@code the pipeline} or {@code step 'train'}) that could be read. */
    Map<String, SecretSpec> secrets(YamlNode node, String owner) {
        Map<String, SecretSpec> secrets = new LinkedHashMap<>();
        b.mapping(node, "'secrets' in " + owner).ifPresent(map -> {
            for (Entry e : map.entries()) {
                secret(e, "secret '" + e.key() + "' of " + owner).ifPresent(s -> secrets.put(e.key(), s));
            }
        });
        return secrets;
    }

    private Optional<SecretSpec> secret(Entry entry, String context) {
        Optional<Mapping> map = b.mapping(entry.value(), context);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        for (Entry e : map.get().entries()) {
            if (!SECRET_KEYS.contains(e.key())) {
                b.report(e.keyLocation(), "unknown secret source '" + e.key() + "' for " + context
                        + " (use env: VARIABLE or file: PATH, and optionally as: env or as: file)");
            }
        }
        List<Entry> sources = map.get().entries().stream().filter(e -> SOURCES.contains(e.key())).toList();
        if (sources.size() > 1) {
            b.report(sources.get(1).keyLocation(), context + " names two sources, env and file; give one");
            return Optional.empty();
        }
        if (sources.isEmpty()) {
            if (map.get().entries().stream().allMatch(e -> SECRET_KEYS.contains(e.key()))) {
                b.report(map.get().location(), context + " names no source (use env: VARIABLE or file: PATH)");
            }
            return Optional.empty();
        }
        Entry source = sources.get(0);
        String field = "'" + source.key() + "' in " + context;
        Optional<SecretSource> from = b.nonBlankText(source.value(), field)
                .map(text -> source.key().equals("env") ? new SecretSource.EnvVar(text) : new SecretSource.HostFile(text));
        SecretSpec.Delivery as = map.get().entry("as").flatMap(e -> delivery(e, context)).orElse(SecretSpec.Delivery.ENV);
        return from.map(f -> new SecretSpec(f, as));
    }

    private Optional<SecretSpec.Delivery> delivery(Entry entry, String context) {
        String field = "'as' in " + context;
        Optional<String> text = b.text(entry.value(), field);
        Optional<SecretSpec.Delivery> as = text.flatMap(SecretSpec.Delivery::fromYamlName);
        if (text.isPresent() && as.isEmpty()) {
            b.report(entry.value().location(), "invalid value '" + text.get() + "' for " + field + " (use env or file)");
        }
        return as;
    }
}
