package dev.gantry.yaml;

import dev.gantry.spec.ParamDeclaration;
import dev.gantry.spec.ParamType;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.validation.Suggestions;
import dev.gantry.yaml.YamlNode.Entry;
import dev.gantry.yaml.YamlNode.Mapping;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Binds one entry of {@code params:}. A parameter is written {@code NAME: VALUE} (text, no type),
 * {@code NAME: {type: int, default: 30, description: ...}} (with {@code values: [...]} for an
 * enum), or {@code NAME: {secret: true}} for a secret parameter, which has no default and gets
 * its value from {@code --param} at run time. Whether a default fits its type is the
 * validator's to check, so a pipeline built in Java is checked the same way.
 */
final class ParamBinder {
    /** The keys of a parameter written as a mapping, in the order messages list them. */
    static final List<String> PARAM_KEYS = List.of("type", "default", "values", "description", "secret");

    /** A parameter as read: its default (or a stand-in) and what it declares besides. */
    record Param(String defaultValue, ParamDeclaration declaration) {}

    private final Binding b;

    ParamBinder(Binding binding) {
        this.b = binding;
    }

    Param bind(Entry entry) {
        String field = "parameter '" + entry.key() + "'";
        if (entry.value() instanceof Mapping map) {
            b.allowOnly(map, PARAM_KEYS, field);
            Optional<String> description = map.entry("description")
                    .flatMap(e -> b.nonBlankText(e.value(), "'description' in " + field));
            if (map.entry("secret").isPresent()) {
                secret(entry.key(), map, field);
                return new Param(PipelineSpec.SECRET_PARAM, withDescription(ParamDeclaration.STRING, description));
            }
            return typed(entry.key(), map, field, description);
        }
        Optional<String> text = b.text(entry.value(), field);
        text.ifPresent(t -> refuseSecretMarker(entry.value(), entry.key(), t, field));
        // An unreadable value still declares the parameter, so ${params.x} is not reported too.
        return new Param(text.orElse(""), ParamDeclaration.STRING);
    }

    private void secret(String name, Mapping map, String field) {
        Optional<Boolean> secret = b.bool(map.entry("secret").orElseThrow().value(), "'secret' in " + field);
        if (secret.isPresent() && !secret.get()) {
            b.report(map.entry("secret").orElseThrow().value().location(), field
                    + " is declared with secret: false; write a plain parameter as " + name + ": VALUE");
        }
        for (String key : List.of("type", "default", "values")) {
            map.entry(key).ifPresent(e -> b.report(e.keyLocation(), field + " is secret, so it takes no '" + key
                    + "': its value is text given at run time with --param " + name + "=VALUE"));
        }
    }

    private Param typed(String name, Mapping map, String field, Optional<String> description) {
        Optional<String> defaultValue = b.required(map, "default", field, map.location())
                .flatMap(node -> b.text(node, "'default' in " + field));
        defaultValue.ifPresent(text -> refuseSecretMarker(map.entry("default").orElseThrow().value(), name, text, field));
        Optional<ParamType> type = map.entry("type").isEmpty() ? Optional.of(ParamType.STRING)
                : type(map.entry("type").orElseThrow(), field);
        Optional<List<String>> values = map.entry("values").flatMap(e -> values(e, field));
        Optional<ParamDeclaration> declaration = type.flatMap(t -> declaration(t, values, map, field));
        // A parameter whose default or type could not be read is checked no further.
        if (defaultValue.isEmpty() || declaration.isEmpty()) {
            return new Param(defaultValue.orElse(""), ParamDeclaration.STRING);
        }
        return new Param(defaultValue.get(), withDescription(declaration.get(), description));
    }

    private Optional<ParamType> type(Entry entry, String field) {
        String what = "'type' in " + field;
        Optional<String> text = b.text(entry.value(), what);
        Optional<ParamType> type = text.flatMap(ParamType::fromYamlName);
        if (text.isPresent() && type.isEmpty()) {
            String hint = Suggestions.didYouMean(text.get(), ParamType.yamlNames());
            b.report(entry.value().location(), "invalid type '" + text.get() + "' for " + what
                    + (hint.isEmpty() ? " (use one of: " + String.join(", ", ParamType.yamlNames()) + ")" : hint));
        }
        return type;
    }

    private Optional<List<String>> values(Entry entry, String field) {
        Optional<List<String>> values = b.textList(entry.value(), "'values' in " + field);
        values.ifPresent(list -> {
            Set<String> seen = new HashSet<>();
            list.stream().filter(v -> !seen.add(v)).distinct().forEach(v -> b.report(entry.value().location(),
                    "'values' in " + field + " lists '" + v + "' twice"));
        });
        return values;
    }

    private Optional<ParamDeclaration> declaration(ParamType type, Optional<List<String>> values, Mapping map,
            String field) {
        if (type != ParamType.ENUM) {
            map.entry("values").ifPresent(e -> b.report(e.keyLocation(), field + " is of type " + type.yamlName()
                    + ", which lists no values; only an enum parameter has 'values'"));
            return Optional.of(ParamDeclaration.of(type));
        }
        if (map.entry("values").isEmpty()) {
            b.report(map.entry("type").orElseThrow().value().location(), field
                    + " is an enum but has no 'values'; list them, such as values: [a, b]");
            return Optional.empty();
        }
        if (values.isPresent() && values.get().isEmpty()) {
            b.report(map.entry("values").orElseThrow().value().location(), "'values' in " + field
                    + " is empty; an enum needs at least one value");
            return Optional.empty();
        }
        return values.map(ParamDeclaration::oneOf);
    }

    private void refuseSecretMarker(YamlNode value, String name, String text, String field) {
        if (text.equals(PipelineSpec.SECRET_PARAM)) {
            b.report(value.location(), "the default '" + PipelineSpec.SECRET_PARAM + "' of " + field
                    + " is reserved for secret parameters; declare one as " + name + ": {secret: true}");
        }
    }

    private static ParamDeclaration withDescription(ParamDeclaration declaration, Optional<String> description) {
        return description.map(declaration::withDescription).orElse(declaration);
    }
}
