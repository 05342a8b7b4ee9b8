package dev.gantry.steps.deploy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.gantry.steps.sdk.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a {@code POST /predict} body: {@code {"rows": [ROW, ...]}}, an array of rows, or
 * one row, where a row is a JSON object of column values. Every number must be finite: {@code
 * NaN}, {@code Infinity} and a value too large for a double (such as {@code 1e400}) are refused
 * naming the row and column, rather than reaching the model.
 */
final class PredictionRows {
    /** What a body must look like, for the messages that refuse one. */
    static final String SHAPE = "send {\"rows\": [{COLUMN: VALUE, ...}, ...]}, an array of rows, or one row";

    // NaN and Infinity are read (instead of failing the parse) so that the message can name
    // their column; floats are read exactly, so that one past the range of a double is seen.
    private static final ObjectReader READER = Json.mapper().reader()
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PredictionRows() {}

    /**
     * Reads the rows of a body.
     *
     * @throws BadRowException saying what is wrong, and where
     */
    static List<Map<String, Object>> read(byte[] body) {
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new BadRowException("the body is not valid JSON" + where + "; " + SHAPE);
        } catch (IOException e) {
            throw new BadRowException("the body is not valid JSON; " + SHAPE);
        }
        if (root == null || root.isMissingNode()) {
            throw new BadRowException("the body is empty; " + SHAPE);
        }
        JsonNode rows = root.isObject() && root.has("rows") ? root.get("rows") : root;
        List<Map<String, Object>> result = new ArrayList<>();
        if (rows.isArray()) {
            for (int i = 0; i < rows.size(); i++) {
                result.add(row(i, rows.get(i)));
            }
        } else {
            result.add(row(0, rows));
        }
        return result;
    }

    private static Map<String, Object> row(int index, JsonNode node) {
        if (!node.isObject()) {
            throw new BadRowException("row " + index + " must be a JSON object of COLUMN: VALUE, was "
                    + abbreviate(node.toString()));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            row.put(field.getKey(), value(index, field.getKey(), field.getValue()));
        }
        return row;
    }

    private static Object value(int index, String column, JsonNode value) {
        if (!value.isNumber()) {
            return Json.mapper().convertValue(value, Object.class);
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number)) {
            throw new BadRowException("row " + index + ": column '" + column + "' must be a finite number, was "
                    + abbreviate(value.asText()) + " (send null for a missing value)");
        }
        // Floats reach the model as doubles, as they would without the exact reading above.
        return value.isFloatingPointNumber() ? (Object) number : value.numberValue();
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
