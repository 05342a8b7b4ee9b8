package dev.gantry.yaml;

import dev.gantry.spec.ScheduleSpec;
import dev.gantry.yaml.YamlNode.Entry;
import dev.gantry.yaml.YamlNode.Mapping;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Binds a pipeline's {@code schedule:} block. The cron expression and the parameter names are
 * checked by the validator, so pipelines built in Java get the same checks.
 */
final class ScheduleBinder {
    static final List<String> SCHEDULE_KEYS = List.of("cron", "timezone", "params", "misfire", "overlap");
    private static final String CONTEXT = "schedule";

    private final Binding b;

    ScheduleBinder(Binding binding) {
        this.b = binding;
    }

    /** The schedule in {@code entry}, or empty when its cron expression could not be read. */
    Optional<ScheduleSpec> bind(Entry entry) {
        Optional<Mapping> body = b.mapping(entry.value(), "'schedule' in the pipeline");
        if (body.isEmpty()) {
            return Optional.empty();
        }
        Mapping map = body.get();
        b.allowOnly(map, SCHEDULE_KEYS, CONTEXT);
        Optional<String> cron = b.required(map, "cron", CONTEXT, entry.keyLocation())
                .flatMap(node -> b.nonBlankText(node, "'cron' in " + CONTEXT));
        ZoneId zone = map.entry("timezone").flatMap(e -> b.text(e.value(), "'timezone' in " + CONTEXT)
                .flatMap(text -> zone(text, e))).orElse(ZoneId.of("UTC"));
        Map<String, String> params = new LinkedHashMap<>();
        map.entry("params").flatMap(e -> b.mapping(e.value(), "'params' in " + CONTEXT)).ifPresent(m -> {
            for (Entry p : m.entries()) {
                b.text(p.value(), "parameter '" + p.key() + "' in " + CONTEXT).ifPresent(v -> params.put(p.key(), v));
            }
        });
        ScheduleSpec.Misfire misfire = choice(map, "misfire", ScheduleSpec.Misfire::fromYamlName,
                ScheduleSpec.Misfire.values(), ScheduleSpec.Misfire::yamlName).orElse(ScheduleSpec.Misfire.RUN_ONCE);
        ScheduleSpec.Overlap overlap = choice(map, "overlap", ScheduleSpec.Overlap::fromYamlName,
                ScheduleSpec.Overlap.values(), ScheduleSpec.Overlap::yamlName).orElse(ScheduleSpec.Overlap.SKIP);
        return cron.map(c -> new ScheduleSpec(c, zone, params, misfire, overlap));
    }

    private Optional<ZoneId> zone(String text, Entry entry) {
        try {
            return Optional.of(ZoneId.of(text));
        } catch (DateTimeException e) {
            b.report(entry.value().location(), "unknown timezone '" + text + "' in " + CONTEXT
                    + " (use a region like Europe/Paris, or UTC)");
            return Optional.empty();
        }
    }

    private <T> Optional<T> choice(Mapping map, String key, Function<String, Optional<T>> parse, T[] all,
            Function<T, String> name) {
        Optional<Entry> entry = map.entry(key);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> text = b.text(entry.get().value(), "'" + key + "' in " + CONTEXT);
        Optional<T> value = text.flatMap(parse);
        if (text.isPresent() && value.isEmpty()) {
            StringBuilder names = new StringBuilder();
            for (T t : all) {
                names.append(names.length() == 0 ? "" : ", ").append(name.apply(t));
            }
            b.report(entry.get().value().location(), "invalid " + key + " '" + text.get() + "' in " + CONTEXT
                    + " (use one of: " + names + ")");
        }
        return value;
    }
}
