package dev.gantry.engine.artifact;

import dev.gantry.spec.ArtifactType;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;

/** Reads the schema and row count of an Arrow IPC file, which is also the check that it is one. */
final class ArrowFiles {
    private ArrowFiles() {}

    static ArtifactInfo describe(Path file, long size) throws InvalidArtifactException {
        try (BufferAllocator allocator = new RootAllocator();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            String schema = reader.getVectorSchemaRoot().getSchema().toString();
            long rows = 0;
            for (ArrowBlock block : reader.getRecordBlocks()) {
                reader.loadRecordBatch(block);
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
            return new ArtifactInfo(ArtifactType.ARROW, size, Optional.of(rows), Optional.of(schema));
        } catch (IOException | RuntimeException e) {
            throw new InvalidArtifactException("declared as arrow, but it is not a readable Arrow IPC file ("
                    + ArtifactInspector.firstLine(e.getMessage()) + "); write it with an Arrow "
                    + "file writer, or declare the output as 'file'");
        }
    }
}
