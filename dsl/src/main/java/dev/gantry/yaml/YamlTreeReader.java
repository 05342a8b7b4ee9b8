package dev.gantry.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.gantry.validation.Problem;
import dev.gantry.validation.SourceLocation;
import dev.gantry.validation.SourceMap;
import dev.gantry.yaml.YamlNode.Entry;
import dev.gantry.yaml.YamlNode.Mapping;
import dev.gantry.yaml.YamlNode.Scalar;
import dev.gantry.yaml.YamlNode.ScalarType;
import dev.gantry.yaml.YamlNode.Sequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns YAML text into a {@link YamlNode} tree, token by token, so that every node keeps its
 * location. Duplicate keys are reported here, where both places are known, and the first one
 * is kept: a later key never silently replaces an earlier one.
 */
final class YamlTreeReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String file;
    private final JsonParser parser;
    private final List<Problem> problems = new ArrayList<>();

    /**
     * What reading found.
     *
     * @param root the document; empty when the text holds none or is not valid YAML
     * @param problems duplicate keys, aliases, a second document, or the one syntax error
     */
    record Result(Optional<YamlNode> root, List<Problem> problems) {}

    private YamlTreeReader(String file, JsonParser parser) {
        this.file = file;
        this.parser = parser;
    }

    /** Reads {@code text}, naming {@code file} in every location. */
    static Result read(String text, String file) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            YamlTreeReader reader = new YamlTreeReader(file, parser);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Result(Optional.empty(), List.of());
            }
            YamlNode root = reader.value(first, "");
            if (parser.nextToken() != null) {
                reader.report(reader.here(), "the file holds a second YAML document; a pipeline file holds one");
            }
            boolean empty = root instanceof Scalar s && s.isNull();
            return new Result(empty ? Optional.empty() : Optional.of(root), reader.problems);
        } catch (JsonProcessingException e) {
            return new Result(Optional.empty(), List.of(syntaxError(e, file)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading YAML from a string failed", e);
        }
    }

    /**
     * Where each key and list item of {@code root} was written, under dotted paths such as
     * {@code steps.train.inputs.table} or {@code steps.train.command.2}.
     */
    static SourceMap locations(YamlNode root) {
        SourceMap.Builder builder = new SourceMap.Builder();
        addLocations(root, "", builder);
        return builder.build();
    }

    private static void addLocations(YamlNode node, String path, SourceMap.Builder builder) {
        String prefix = path.isEmpty() ? "" : path + ".";
        if (node instanceof Mapping m) {
            for (Entry e : m.entries()) {
                builder.put(prefix + e.key(), e.keyLocation());
                addLocations(e.value(), prefix + e.key(), builder);
            }
        } else if (node instanceof Sequence s) {
            for (int i = 0; i < s.items().size(); i++) {
                builder.put(prefix + i, s.items().get(i).location());
                addLocations(s.items().get(i), prefix + i, builder);
            }
        }
    }

    private YamlNode value(JsonToken token, String path) throws IOException {
        SourceLocation at = here();
        return switch (token) {
            case START_OBJECT -> mapping(at, path);
            case START_ARRAY -> sequence(at, path);
            case VALUE_STRING -> string(at);
            case VALUE_NUMBER_INT -> new Scalar(ScalarType.INTEGER, parser.getText(), at);
            case VALUE_NUMBER_FLOAT -> new Scalar(ScalarType.FLOAT, parser.getText(), at);
            case VALUE_TRUE -> new Scalar(ScalarType.TRUE, parser.getText(), at);
            case VALUE_FALSE -> new Scalar(ScalarType.FALSE, parser.getText(), at);
            case VALUE_NULL -> new Scalar(ScalarType.NULL, "", at);
            default -> {
                report(at, "unsupported YAML value (write plain text, numbers, lists or mappings)");
                yield new Scalar(ScalarType.NULL, "", at);
            }
        };
    }

    private Scalar string(SourceLocation at) throws IOException {
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            report(at, "YAML aliases (*" + parser.getText() + ") are not supported; write the value out");
            return new Scalar(ScalarType.STRING, "*" + parser.getText(), at);
        }
        return new Scalar(ScalarType.STRING, parser.getText(), at);
    }

    private Mapping mapping(SourceLocation at, String path) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Map<String, SourceLocation> seen = new HashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
            String key = parser.currentName();
            SourceLocation keyAt = here();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            YamlNode value = value(parser.nextToken(), keyPath);
            SourceLocation first = seen.putIfAbsent(key, keyAt);
            if (first == null) {
                entries.add(new Entry(key, keyAt, value));
            } else {
                String what = path.equals("steps") ? "step" : "key";
                report(keyAt, "duplicate " + what + " '" + key + "' (first at line " + first.line() + ")");
            }
        }
        return new Mapping(entries, at);
    }

    private Sequence sequence(SourceLocation at, String path) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            items.add(value(token, path + "." + items.size()));
        }
        return new Sequence(items, at);
    }

    private SourceLocation here() {
        JsonLocation l = parser.currentTokenLocation();
        return new SourceLocation(file, l.getLineNr(), l.getColumnNr());
    }

    private void report(SourceLocation at, String message) {
        problems.add(Problem.at(at, message));
    }

    /** The one problem for text that is not YAML, at the place the YAML parser gave up. */
    private static Problem syntaxError(JsonProcessingException e, String file) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            Mark contextMark = marked.getContextMark();
            String context = marked.getContext() != null && contextMark != null
                    && contextMark.getLine() != mark.getLine()
                    ? " (" + marked.getContext() + " that starts at line " + (contextMark.getLine() + 1) + ")"
                    : "";
            String problem = marked.getProblem().contains("(TAB)")
                    ? "a tab cannot start a token here (indent with spaces, not tabs)"
                    : marked.getProblem().strip();
            return Problem.at(new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1),
                    "invalid YAML: " + problem + context);
        }
        JsonLocation l = e.getLocation();
        String message = e.getOriginalMessage().startsWith("Expected a field name")
                ? "mapping keys must be plain values, not lists or mappings"
                : e.getOriginalMessage().lines().findFirst().orElse("unreadable YAML");
        SourceLocation at = l == null ? new SourceLocation(file, 1, 1)
                : new SourceLocation(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
        return Problem.at(at, "invalid YAML: " + message);
    }
}
