package dev.gantry.steps.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gantry.steps.sdk.ArtifactException;
import dev.gantry.steps.sdk.DataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads checks from a YAML (or JSON, which is YAML too) file:
 *
 * <pre>
 * rows: {min: 100, max: 100000}
 * columns:
 *   mean_radius: {not_null: true, min: 0, max: 50}
 *   diagnosis: {not_null: true, allowed: [benign, malignant]}
 * </pre>
 *
 * Every problem names the file and the key path at fault, such as {@code columns.x.maxx}.
 */
final class ChecksFile {
    private static final List<String> TOP_KEYS = List.of("rows", "columns");
    private static final List<String> ROW_KEYS = List.of("min", "max");
    private static final List<String> COLUMN_KEYS = List.of("not_null", "min", "max", "allowed");

    private final Path file;

    private ChecksFile(Path file) {
        this.file = file;
    }

    /** Reads the checks in a file. */
    static List<Check> read(Path file) {
        JsonNode tree;
        try {
            tree = new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ArtifactException(file, "not a readable YAML or JSON checks file", e);
        }
        return new ChecksFile(file).checks(tree);
    }

    private List<Check> checks(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw DataException.inFile(file, "a checks file is a mapping with the keys rows and columns");
        }
        requireKeys(tree, TOP_KEYS, "the top level");
        List<Check> checks = new ArrayList<>();
        JsonNode rows = tree.path("rows");
        if (!rows.isMissingNode()) {
            requireKeys(rows, ROW_KEYS, "rows");
            checks.add(new RowCountCheck(wholeNumber(rows, "min", "rows.min"), wholeNumber(rows, "max", "rows.max")));
        }
        JsonNode columns = tree.path("columns");
        if (!columns.isMissingNode()) {
            if (!columns.isObject()) {
                throw DataException.inFile(file, "columns must map column names to their checks");
            }
            for (Map.Entry<String, JsonNode> entry : columns.properties()) {
                checks.addAll(columnChecks(entry.getKey(), entry.getValue()));
            }
        }
        return checks;
    }

    private List<Check> columnChecks(String column, JsonNode spec) {
        String where = "columns." + column;
        requireKeys(spec, COLUMN_KEYS, where);
        List<Check> checks = new ArrayList<>();
        JsonNode notNull = spec.path("not_null");
        if (!notNull.isMissingNode()) {
            if (!notNull.isBoolean()) {
                throw DataException.inFile(file, where + ".not_null must be true or false, was " + notNull);
            }
            if (notNull.booleanValue()) {
                checks.add(new NotNullCheck(column));
            }
        }
        OptionalDouble min = number(spec, "min", where + ".min");
        OptionalDouble max = number(spec, "max", where + ".max");
        if (min.isPresent() || max.isPresent()) {
            checks.add(new RangeCheck(column, min, max));
        }
        JsonNode allowed = spec.path("allowed");
        if (!allowed.isMissingNode()) {
            if (!allowed.isArray() || allowed.isEmpty()) {
                throw DataException.inFile(file, where + ".allowed must be a non-empty list of values, was " + allowed);
            }
            Set<String> values = new LinkedHashSet<>();
            allowed.forEach(value -> values.add(value.asText()));
            checks.add(new AllowedValuesCheck(column, values));
        }
        return checks;
    }

    private void requireKeys(JsonNode node, List<String> known, String where) {
        if (!node.isObject()) {
            throw DataException.inFile(file, where + " must be a mapping with the keys " + String.join(", ", known));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!known.contains(key)) {
                throw DataException.inFile(file, "unknown key '" + key + "' in " + where + "; the keys are "
                        + String.join(", ", known));
            }
        }
    }

    private OptionalDouble number(JsonNode node, String key, String where) {
        JsonNode value = node.path(key);
        if (value.isMissingNode()) {
            return OptionalDouble.empty();
        }
        if (!value.isNumber()) {
            throw DataException.inFile(file, where + " must be a number, was " + value);
        }
        return OptionalDouble.of(value.doubleValue());
    }

    private OptionalLong wholeNumber(JsonNode node, String key, String where) {
        JsonNode value = node.path(key);
        if (value.isMissingNode()) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || value.longValue() < 0) {
            throw DataException.inFile(file, where + " must be a whole number, at least 0, was " + value);
        }
        return OptionalLong.of(value.longValue());
    }
}
