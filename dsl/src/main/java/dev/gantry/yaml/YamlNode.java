package dev.gantry.yaml;

import dev.gantry.validation.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * A YAML value with the place it was written: the reader's own small tree, built from
 * Jackson's streaming parser so that every key and value keeps its line and column.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

    /** Where the value starts. */
    SourceLocation location();

    /** How the value reads after "got" in a message: {@code a mapping}, {@code nothing}, {@code 'text'}. */
    String describe();

    /** What YAML made of a scalar. Text is kept as written whatever the type. */
    enum ScalarType { STRING, INTEGER, FLOAT, TRUE, FALSE, NULL }

    /** A single value, such as {@code 42}, {@code true}, {@code arrow} or an empty value. */
    record Scalar(ScalarType type, String text, SourceLocation location) implements YamlNode {
        boolean isNull() {
            return type == ScalarType.NULL;
        }

        @Override
        public String describe() {
            return switch (type) {
                case NULL -> "nothing";
                case STRING -> "'" + text + "'";
                default -> text;
            };
        }
    }

    /** A list, written {@code [a, b]} or as {@code - a} lines. */
    record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return items.isEmpty() ? "an empty list" : "a list";
        }
    }

    /** A mapping, in the order written, without the duplicates the reader reported. */
    record Mapping(List<Entry> entries, SourceLocation location) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        /** The entry for {@code key}, if written. */
        Optional<Entry> entry(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).findFirst();
        }

        @Override
        public String describe() {
            return entries.isEmpty() ? "an empty mapping" : "a mapping";
        }
    }

    /** One key of a mapping, where the key was written, and its value. */
    record Entry(String key, SourceLocation keyLocation, YamlNode value) {}
}
