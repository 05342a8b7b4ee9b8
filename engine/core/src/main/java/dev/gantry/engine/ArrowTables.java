package dev.gantry.engine;

import dev.gantry.engine.api.StoreException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.InvalidArrowFileException;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads the rows of an Arrow IPC file, such as an {@code arrow} output in the store, as plain Java
 * values: each cell is {@code null}, a {@link Long} (whole numbers), a {@link Double}, a
 * {@link Boolean} or a {@link String} (everything else, as text). Only the record batches a page
 * touches are read, so the last page of a large table costs no more than the first. A file that
 * cannot be read as an Arrow IPC file is a {@link StoreException} that names it.
 *
 * <pre>{@code
 * ArrowTables.Page page = ArrowTables.page(output.path(), 0, 10);
 * page.columns().forEach(c -> System.out.println(c.name() + ": " + c.type()));
 * }</pre>
 */
public final class ArrowTables {
    /** Each read's allocator may hold this much at most: one batch of a table. */
    private static final long MEMORY_LIMIT = 256L * 1024 * 1024;

    private ArrowTables() {}

    /**
     * A column of a table.
     *
     * @param name its name
     * @param type its Arrow type, as text, such as {@code Int(64, true)} or {@code Utf8}
     * @param nullable whether it may hold nulls
     */
    public record Column(String name, String type, boolean nullable) {}

    /**
     * Some rows of a table, with its columns.
     *
     * @param columns every column, in schema order
     * @param rows the rows, each with one value per column
     * @param offset how many rows of the table come before the first of these
     */
    public record Page(List<Column> columns, List<List<Object>> rows, long offset) {
        public Page {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }
    }

    /** At most {@code limit} rows of {@code file}, after its first {@code offset}. */
    public static Page page(Path file, long offset, int limit) {
        List<List<Object>> rows = new ArrayList<>();
        List<Column> columns = read(file, offset, limit, rows::add);
        return new Page(columns, rows, offset);
    }

    /** Gives every row of {@code file} to {@code rows}, in order; returns the columns. */
    public static List<Column> eachRow(Path file, Consumer<List<Object>> rows) {
        return read(file, 0, Long.MAX_VALUE, rows);
    }

    private static List<Column> read(Path file, long offset, long limit, Consumer<List<Object>> sink) {
        try (BufferAllocator allocator = new RootAllocator(MEMORY_LIMIT);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<Column> columns = new ArrayList<>();
            for (Field field : root.getSchema().getFields()) {
                columns.add(new Column(field.getName(), field.getType().toString(), field.isNullable()));
            }
            long seen = 0;
            long given = 0;
            for (ArrowBlock block : reader.getRecordBlocks()) {
                if (given >= limit) {
                    break;
                }
                reader.loadRecordBatch(block);
                int count = root.getRowCount();
                if (seen + count <= offset) {
                    seen += count;
                    continue;
                }
                for (int i = (int) Math.max(0, offset - seen); i < count && given < limit; i++, given++) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (FieldVector vector : root.getFieldVectors()) {
                        row.add(plain(vector.getObject(i)));
                    }
                    sink.accept(row);
                }
                seen += count;
            }
            return columns;
        } catch (IOException | InvalidArrowFileException e) {
            throw new StoreException("cannot read the Arrow table " + file + ": " + e.getMessage(), e);
        }
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Number n && !(value instanceof BigDecimal)) {
            return n.longValue();
        }
        return value.toString();
    }
}
