package dev.gantry.steps.features;

import dev.gantry.steps.sdk.DataException;
import dev.gantry.steps.sdk.TableReader;
import dev.gantry.steps.sdk.TableWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Applies a {@link FeatureTransform} to a table, batch by batch. */
final class TransformApplier {
    private final FeatureTransform transform;

    TransformApplier(FeatureTransform transform) {
        this.transform = transform;
    }

    /**
     * Transforms the table at {@code in} into {@code out}; returns the rows written and lists the
     * input columns the transform does not know (and so drops) in {@code ignored}.
     */
    long apply(Path in, Path out, BufferAllocator allocator, int batchRows, List<String> ignored) {
        try (TableReader reader = TableReader.open(in, allocator)) {
            List<ColumnTransform> present = new ArrayList<>();
            List<Field> outputs = new ArrayList<>();
            for (ColumnTransform column : transform.columns()) {
                if (!reader.hasColumn(column.name())) {
                    if (transform.label().filter(column.name()::equals).isPresent() || column instanceof Drop) {
                        continue;
                    }
                    throw DataException.inColumn(in, column.name(), "the transform needs this column, which the "
                            + "table lacks; the table has " + TableReader.describeColumns(reader.schema()));
                }
                present.add(column);
                outputs.addAll(column.outputs(reader.column(column.name()).getField(), in));
            }
            ignored.addAll(reader.schema().getFields().stream().map(Field::getName)
                    .filter(name -> transform.column(name).isEmpty()).collect(Collectors.toList()));
            try (TableWriter writer = TableWriter.create(out, new Schema(outputs), allocator, batchRows)) {
                while (reader.next()) {
                    VectorSchemaRoot batch = reader.batch();
                    List<ColumnTransform.RowWriter> writers = bind(present, batch, writer.root());
                    int rows = batch.getRowCount();
                    for (int start = 0; start < rows; start += batchRows) {
                        int end = Math.min(rows, start + batchRows);
                        for (ColumnTransform.RowWriter rowWriter : writers) {
                            for (int row = start; row < end; row++) {
                                rowWriter.write(row, row - start);
                            }
                        }
                        writer.writeBatch(end - start);
                    }
                }
                writer.finish();
                return writer.rowsWritten();
            }
        }
    }

    private static List<ColumnTransform.RowWriter> bind(List<ColumnTransform> columns, VectorSchemaRoot batch,
            VectorSchemaRoot target) {
        List<ColumnTransform.RowWriter> writers = new ArrayList<>();
        int next = 0;
        for (ColumnTransform column : columns) {
            FieldVector input = batch.getVector(column.name());
            int width = column.outputs(input.getField(), Path.of("")).size();
            List<FieldVector> outs = target.getFieldVectors().subList(next, next + width);
            next += width;
            writers.add(column.bind(input, outs));
        }
        return writers;
    }
}
