package dev.gantry.server.internal.artifacts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.ArrowTables;
import dev.gantry.server.internal.http.Json;
import java.nio.file.Path;
import java.util.List;

/**
 * A page of an Arrow IPC file's rows, with its schema, as JSON: {@link ArrowTables} reads it, and
 * a number that JSON cannot hold (NaN, an infinity) is written as text.
 */
final class ArrowPreview {
    private ArrowPreview() {}

    static ObjectNode page(Path file, long offset, int limit) {
        ArrowTables.Page page = ArrowTables.page(file, offset, limit);
        ObjectNode node = Json.object();
        ArrayNode fields = node.putArray("fields");
        for (ArrowTables.Column column : page.columns()) {
            ObjectNode f = fields.addObject();
            f.put("name", column.name());
            f.put("type", column.type());
            f.put("nullable", column.nullable());
        }
        ArrayNode rows = node.putArray("rows");
        for (List<Object> values : page.rows()) {
            ArrayNode row = rows.addArray();
            for (Object value : values) {
                if (value == null) {
                    row.addNull();
                } else if (value instanceof Double d) {
                    if (Double.isFinite(d)) {
                        row.add(d);
                    } else {
                        row.add(Double.toString(d));
                    }
                } else if (value instanceof Long n) {
                    row.add(n);
                } else if (value instanceof Boolean b) {
                    row.add(b);
                } else {
                    row.add(value.toString());
                }
            }
        }
        node.put("offset", offset);
        return node;
    }
}
