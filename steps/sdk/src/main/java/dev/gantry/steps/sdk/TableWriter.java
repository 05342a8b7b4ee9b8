package dev.gantry.steps.sdk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes an Arrow IPC file one record batch at a time. Fill the vectors of {@link #root()} from
 * row 0 (with {@code setSafe}), call {@link #writeBatch(int)}, repeat, then {@link #finish()}.
 * The file is written under a temporary name beside the target and renamed into place by
 * {@link #finish()}; closing a writer that was not finished deletes it, so a failed step never
 * leaves a table that looks complete. The same rows in the same batches give the same bytes.
 */
public final class TableWriter implements AutoCloseable {
    /** The batch size steps use unless told otherwise: large enough to amortize per-batch work. */
    public static final int DEFAULT_BATCH_ROWS = 65_536;

    private final Path file;
    private final Path temporary;
    private final FileChannel channel;
    private final VectorSchemaRoot root;
    private final ArrowFileWriter writer;
    private long rowsWritten;
    private boolean finished;

    private TableWriter(Path file, Path temporary, FileChannel channel, VectorSchemaRoot root, ArrowFileWriter writer) {
        this.file = file;
        this.temporary = temporary;
        this.channel = channel;
        this.root = root;
        this.writer = writer;
    }

    /** Creates a writer whose vectors start with room for {@code batchRows} rows. */
    public static TableWriter create(Path file, Schema schema, BufferAllocator allocator, int batchRows) {
        Path temporary = file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".partial");
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            for (FieldVector vector : root.getFieldVectors()) {
                vector.setInitialCapacity(batchRows);
            }
            root.allocateNew();
            FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            ArrowFileWriter writer = new ArrowFileWriter(root, null, channel);
            writer.start();
            return new TableWriter(file, temporary, channel, root, writer);
        } catch (IOException | RuntimeException e) {
            root.close();
            throw new ArtifactException(file, "cannot create the table", e);
        }
    }

    /** Creates a writer sized for {@link #DEFAULT_BATCH_ROWS} rows per batch. */
    public static TableWriter create(Path file, Schema schema, BufferAllocator allocator) {
        return create(file, schema, allocator, DEFAULT_BATCH_ROWS);
    }

    /** Returns the root whose vectors hold the batch being filled. */
    public VectorSchemaRoot root() {
        return root;
    }

    /** Returns the vector of a column of the batch being filled, cast to its class. */
    public <V extends FieldVector> V vector(String name, Class<V> type) {
        return type.cast(root.getVector(name));
    }

    /** Writes the first {@code rows} rows of the vectors as one batch, then empties them for the next. */
    public void writeBatch(int rows) {
        if (rows == 0) {
            return;
        }
        root.setRowCount(rows);
        try {
            writer.writeBatch();
        } catch (IOException e) {
            throw new ArtifactException(file, "cannot write a record batch", e);
        }
        rowsWritten += rows;
        for (FieldVector vector : root.getFieldVectors()) {
            vector.reset();
        }
        root.setRowCount(0);
    }

    /** Returns the rows written so far. */
    public long rowsWritten() {
        return rowsWritten;
    }

    /** Writes the footer and moves the finished file into place. */
    public void finish() {
        try {
            writer.end();
            writer.close();
            channel.close();
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            finished = true;
        } catch (IOException e) {
            throw new ArtifactException(file, "cannot finish the table", e);
        }
    }

    /** Releases the buffers; deletes the partial file when {@link #finish()} was not reached. */
    @Override
    public void close() {
        try {
            if (!finished) {
                writer.close();
                channel.close();
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new ArtifactException(file, "cannot remove the partial table " + temporary, e);
        } finally {
            root.close();
        }
    }
}
