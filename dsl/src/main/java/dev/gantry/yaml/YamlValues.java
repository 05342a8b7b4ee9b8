package dev.gantry.yaml;

import dev.gantry.validation.Problem;
import dev.gantry.validation.SourceMap;
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
 * YAML read into plain values, for files other than pipelines (such as {@code gantry.yaml}):
 * text, lists and mappings, with where each key and list item was written.
 *
 * @param root the document's top-level mapping; empty when the file holds nothing or is not
 *     valid YAML
 * @param locations where each key and item was written, under dotted paths such as
 *     {@code executors.slurm.partition}
 * @param problems the syntax error, duplicate keys, or a top level that is not a mapping
 */
public record YamlValues(Optional<Map<String, Object>> root, SourceMap locations, List<Problem> problems) {
    public YamlValues {
        problems = List.copyOf(problems);
    }

    /** Reads {@code text}, naming {@code file} in every location. Scalars are kept as their text; empty ones as null. */
    public static YamlValues read(String text, String file) {
        YamlTreeReader.Result tree = YamlTreeReader.read(text, file);
        List<Problem> problems = new ArrayList<>(tree.problems());
        if (tree.root().isEmpty()) {
            return new YamlValues(Optional.empty(), SourceMap.NONE, problems);
        }
        YamlNode root = tree.root().get();
        if (!(root instanceof Mapping mapping)) {
            problems.add(Problem.at(root.location(), "expected a mapping at the top of the file, got " + root.describe()));
            return new YamlValues(Optional.empty(), SourceMap.NONE, problems);
        }
        return new YamlValues(Optional.of(map(mapping)), YamlTreeReader.locations(root), problems);
    }

    /** {@code node} as plain values: text (null for an empty scalar), lists and mappings. */
    static Object plain(YamlNode node) {
        if (node instanceof Mapping m) {
            return map(m);
        }
        if (node instanceof Sequence s) {
            List<Object> items = new ArrayList<>();
            s.items().forEach(item -> items.add(plain(item)));
            return items;
        }
        Scalar scalar = (Scalar) node;
        return scalar.isNull() ? null : scalar.text();
    }

    static Map<String, Object> map(Mapping mapping) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Entry e : mapping.entries()) {
            map.put(e.key(), plain(e.value()));
        }
        return map;
    }
}
