package dev.gantry.steps.features;

import dev.gantry.steps.sdk.ColumnTypes;
import dev.gantry.steps.sdk.Columns;
import dev.gantry.steps.sdk.DataException;
import dev.gantry.steps.sdk.ParamException;
import dev.gantry.steps.sdk.TableReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Fits a {@link FeatureTransform} on a training table in one streaming pass: means and standard
 * deviations (Welford's method) for the columns to standardize, the sorted distinct values of the
 * columns to encode.
 */
final class TransformFitter {
    /** What the user chose for which columns; every other numeric column is standardized, every other one one-hot encoded. */
    record Choices(Optional<String> label, Set<String> drop, Set<String> keep, Set<String> oneHot,
            Set<String> labelEncode, int maxCategories) {}

    private TransformFitter() {}

    static FeatureTransform fit(Path train, BufferAllocator allocator, Choices choices) {
        try (TableReader reader = TableReader.open(train, allocator)) {
            checkNames(train, reader, choices);
            List<Field> fields = reader.schema().getFields();
            Map<String, Moments> moments = new HashMap<>();
            Map<String, Set<String>> categories = new HashMap<>();
            for (Field field : fields) {
                String kind = kindOf(field, choices);
                if (kind.equals("standardize")) {
                    moments.put(field.getName(), new Moments());
                } else if (kind.equals("one-hot") || kind.equals("label-encode")) {
                    categories.put(field.getName(), new TreeSet<>());
                }
            }
            while (reader.next()) {
                VectorSchemaRoot batch = reader.batch();
                moments.forEach((name, m) -> m.add(batch.getVector(name), batch.getRowCount()));
                for (Map.Entry<String, Set<String>> entry : categories.entrySet()) {
                    collect(train, batch.getVector(entry.getKey()), batch.getRowCount(), entry.getValue(),
                            choices.maxCategories());
                }
            }
            List<ColumnTransform> columns = new ArrayList<>();
            for (Field field : fields) {
                String name = field.getName();
                switch (kindOf(field, choices)) {
                    case "standardize":
                        columns.add(moments.get(name).transform(name));
                        break;
                    case "one-hot":
                        columns.add(new OneHot(name, new ArrayList<>(categories.get(name))));
                        break;
                    case "label-encode":
                        columns.add(new LabelEncode(name, new ArrayList<>(categories.get(name))));
                        break;
                    case "drop":
                        columns.add(new Drop(name));
                        break;
                    default:
                        columns.add(new Passthrough(name));
                }
            }
            return new FeatureTransform(choices.label(), columns);
        }
    }

    private static String kindOf(Field field, Choices choices) {
        String name = field.getName();
        if (choices.label().filter(name::equals).isPresent() || choices.keep().contains(name)) {
            return "passthrough";
        }
        if (choices.drop().contains(name)) {
            return "drop";
        }
        if (choices.labelEncode().contains(name)) {
            return "label-encode";
        }
        if (choices.oneHot().contains(name) || !ColumnTypes.isNumeric(field)) {
            return "one-hot";
        }
        return "standardize";
    }

    private static void checkNames(Path train, TableReader reader, Choices choices) {
        Map<String, Set<String>> byFlag = Map.of("--drop", choices.drop(), "--keep", choices.keep(),
                "--one-hot", choices.oneHot(), "--label-encode", choices.labelEncode());
        Map<String, String> claimed = new HashMap<>();
        choices.label().ifPresent(label -> claimed.put(label, "--label"));
        for (String flag : List.of("--drop", "--keep", "--one-hot", "--label-encode")) {
            for (String name : byFlag.get(flag)) {
                String before = claimed.put(name, flag);
                if (before != null) {
                    throw new ParamException("column '" + name + "' is named by both " + before + " and " + flag);
                }
            }
        }
        for (Map.Entry<String, String> entry : claimed.entrySet()) {
            if (!reader.hasColumn(entry.getKey())) {
                throw new ParamException(entry.getValue() + " names column '" + entry.getKey() + "', which " + train
                        + " does not have; its columns are " + TableReader.describeColumns(reader.schema()));
            }
        }
    }

    private static void collect(Path train, FieldVector vector, int rows, Set<String> seen, int max) {
        Columns.TextColumn text = Columns.text(vector);
        for (int i = 0; i < rows; i++) {
            if (!vector.isNull(i) && seen.add(text.get(i)) && seen.size() > max) {
                throw DataException.inColumn(train, vector.getName(), "more than " + max + " distinct values to "
                        + "encode; drop the column (--drop " + vector.getName() + "), or raise --max-categories");
            }
        }
    }

    /** A running mean and variance (Welford), skipping nulls and NaN. */
    private static final class Moments {
        private long count;
        private double mean;
        private double squares;

        void add(FieldVector vector, int rows) {
            Columns.DoubleColumn values = Columns.doubles(vector);
            for (int i = 0; i < rows; i++) {
                if (vector.isNull(i)) {
                    continue;
                }
                double x = values.get(i);
                if (Double.isNaN(x)) {
                    continue;
                }
                count++;
                double delta = x - mean;
                mean += delta / count;
                squares += delta * (x - mean);
            }
        }

        Standardize transform(String name) {
            double deviation = count == 0 ? 0 : Math.sqrt(squares / count);
            return new Standardize(name, mean, deviation > 0 && Double.isFinite(deviation) ? deviation : 1.0);
        }
    }
}
