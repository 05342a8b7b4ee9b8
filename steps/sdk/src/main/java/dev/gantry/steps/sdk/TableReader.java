package dev.gantry.steps.sdk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads an Arrow IPC file one record batch at a time, so a table of any size streams through a
 * fixed amount of memory. The reader reuses one {@link VectorSchemaRoot}: the vectors returned
 * by {@link #batch()} and {@link #column(String)} hold the current batch only, and are valid
 * until the next call to {@link #next()} or {@link #close()}. Batches are memory mapped rather
 * than copied where the file allows it (see {@link MappedBatches}).
 *
 * <pre>{@code
 * try (TableReader table = TableReader.open(path, allocator)) {
 *     FieldVector x = table.column("x");
 *     while (table.next()) {
 *         for (int i = 0; i < table.batch().getRowCount(); i++) { ... x ... }
 *     }
 * }
 * }</pre>
 */
public final class TableReader implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final ArrowFileReader reader;
    private final VectorSchemaRoot root;
    private final List<ArrowBlock> blocks;
    private final Optional<MappedBatches> mapped;
    private int nextBlock;
    private long nextBatchStart;
    private long batchStart;
    private boolean started;

    private TableReader(Path file, FileChannel channel, ArrowFileReader reader, VectorSchemaRoot root,
            List<ArrowBlock> blocks, Optional<MappedBatches> mapped) {
        this.file = file;
        this.channel = channel;
        this.reader = reader;
        this.root = root;
        this.blocks = blocks;
        this.mapped = mapped;
    }

    /** Opens a table, or throws an {@link ArtifactException} when the file is not a readable Arrow IPC file. */
    public static TableReader open(Path file, BufferAllocator allocator) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ArtifactException(file, "no such file");
        } catch (IOException e) {
            throw new ArtifactException(file, "cannot open the table", e);
        }
        ArrowFileReader reader = new ArrowFileReader(channel, allocator);
        try {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            // Dictionary-encoded files take Arrow's own path, which also loads the dictionaries.
            Optional<MappedBatches> mapped = reader.getDictionaryBlocks().isEmpty() && MappedBatches.available()
                    ? Optional.of(new MappedBatches(channel, allocator, root))
                    : Optional.empty();
            return new TableReader(file, channel, reader, root, List.copyOf(reader.getRecordBlocks()), mapped);
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader);
            throw new ArtifactException(file, "not a readable Arrow IPC file", e);
        }
    }

    /** Returns the file being read. */
    public Path file() {
        return file;
    }

    /** Returns the table's schema. */
    public Schema schema() {
        return root.getSchema();
    }

    /** Loads the next record batch into {@link #batch()}; returns false at the end of the table. */
    public boolean next() {
        try {
            if (started) {
                nextBatchStart += root.getRowCount();
            }
            started = true;
            batchStart = nextBatchStart;
            if (nextBlock >= blocks.size()) {
                return false;
            }
            ArrowBlock block = blocks.get(nextBlock++);
            if (mapped.isPresent() && MappedBatches.canMap(block)) {
                mapped.get().load(block);
                return true;
            }
            return reader.loadRecordBatch(block);
        } catch (IOException | RuntimeException e) {
            throw new ArtifactException(file, "cannot read record batch starting at row " + nextBatchStart, e);
        }
    }

    /** Returns the current batch (empty before the first {@link #next()}). */
    public VectorSchemaRoot batch() {
        return root;
    }

    /** Returns the table row number of the current batch's first row. */
    public long batchStart() {
        return batchStart;
    }

    /** Returns the number of record batches in the file, from its footer. */
    public int batchCount() {
        return blocks.size();
    }

    /** Returns the vector of a column, or throws a {@link DataException} listing the columns there are. */
    public FieldVector column(String name) {
        FieldVector vector = root.getVector(name);
        if (vector == null) {
            throw DataException.inColumn(file, name, "no such column; the table has " + describeColumns(schema()));
        }
        return vector;
    }

    /** Returns whether the table has a column of that name. */
    public boolean hasColumn(String name) {
        return root.getVector(name) != null;
    }

    /** Lists a schema's columns as {@code name (type), ...} for error messages. */
    public static String describeColumns(Schema schema) {
        return schema.getFields().stream().map(TableReader::describe).collect(Collectors.joining(", "));
    }

    /** Describes one column as {@code name (type)}. */
    public static String describe(Field field) {
        return field.getName() + " (" + ColumnTypes.name(field.getType()) + ")";
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new ArtifactException(file, "cannot close the table", e);
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // The original failure is the one worth reporting.
        }
    }
}
