package dev.gantry.server.internal.artifacts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.server.internal.http.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A page of an Arrow IPC file's rows, with its schema: only the record batches the page touches
 * are read, so the last page of a large table costs no more than the first.
 */
final class ArrowPreview {
    /** Each preview's allocator may hold this much at most: one batch of a table. */
    private static final long MEMORY_LIMIT = 256L * 1024 * 1024;

    private ArrowPreview() {}

    static ObjectNode page(Path file, long offset, int limit) throws IOException {
        try (BufferAllocator allocator = new RootAllocator(MEMORY_LIMIT);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            ObjectNode node = Json.object();
            ArrayNode fields = node.putArray("fields");
            for (Field field : root.getSchema().getFields()) {
                ObjectNode f = fields.addObject();
                f.put("name", field.getName());
                f.put("type", field.getType().toString());
                f.put("nullable", field.isNullable());
            }
            ArrayNode rows = node.putArray("rows");
            long seen = 0;
            List<ArrowBlock> blocks = reader.getRecordBlocks();
            for (ArrowBlock block : blocks) {
                if (rows.size() >= limit) {
                    break;
                }
                reader.loadRecordBatch(block);
                int count = root.getRowCount();
                if (seen + count <= offset) {
                    seen += count;
                    continue;
                }
                for (int i = (int) Math.max(0, offset - seen); i < count && rows.size() < limit; i++) {
                    ArrayNode row = rows.addArray();
                    for (FieldVector vector : root.getFieldVectors()) {
                        Object value = vector.getObject(i);
                        if (value == null) {
                            row.addNull();
                        } else if (value instanceof Number n && !(value instanceof java.math.BigDecimal)) {
                            double d = n.doubleValue();
                            if (value instanceof Double || value instanceof Float) {
                                if (Double.isFinite(d)) {
                                    row.add(d);
                                } else {
                                    row.add(Double.toString(d));
                                }
                            } else {
                                row.add(n.longValue());
                            }
                        } else if (value instanceof Boolean b) {
                            row.add(b);
                        } else {
                            row.add(value.toString());
                        }
                    }
                }
                seen += count;
            }
            node.put("offset", offset);
            return node;
        }
    }
}
