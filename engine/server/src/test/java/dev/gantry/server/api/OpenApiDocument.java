package dev.gantry.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.gantry.server.GantryServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server's OpenAPI file, read as the server ships it, with what a test needs of it: which
 * operation a request path matches, and whether an answer's status and JSON body are those the
 * file promises for that operation.
 */
final class OpenApiDocument {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final JsonNode document;
    private final ObjectNode components;

    private OpenApiDocument(JsonNode document) {
        this.document = document;
        // The components' schemas, as a JSON Schema document whose $defs hold them.
        this.components = new ObjectMapper().createObjectNode();
        components.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        components.set("$defs", rewriteRefs(document.path("components").path("schemas").deepCopy()));
    }

    static OpenApiDocument load() throws IOException {
        try (InputStream in = GantryServer.class.getResourceAsStream("openapi.yaml")) {
            return new OpenApiDocument(new ObjectMapper(new YAMLFactory()).readTree(in));
        }
    }

    /** Every operation the file describes, as {@code GET /api/runs/{run}}. */
    Set<String> operations() {
        Set<String> ops = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (!method.equals("parameters")) {
                    ops.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        return ops;
    }

    /** The operation that {@code method} on {@code path} (no query) is, if the file has one. */
    Optional<String> operation(String method, String path) {
        for (String op : operations()) {
            String[] parts = op.split(" ", 2);
            String regex = Pattern.quote(parts[1]).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (parts[0].equals(method) && path.matches(regex)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /**
     * What is wrong with an answer to {@code operation}: a status the file does not list for it,
     * a content type it does not name, or a JSON body its schema refuses. Empty when nothing is.
     */
    List<String> problems(String operation, int status, String contentType, String body) throws IOException {
        String[] parts = operation.split(" ", 2);
        JsonNode responses = document.get("paths").get(parts[1]).get(parts[0].toLowerCase()).get("responses");
        JsonNode response = responses.get(Integer.toString(status));
        if (response == null) {
            return List.of(operation + " answered " + status + ", which the OpenAPI file does not list: " + body);
        }
        if (response.has("$ref")) {
            response = document.at(response.get("$ref").asText().substring(1));
        }
        JsonNode content = response.path("content");
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
        if (!content.has(mediaType)) {
            return List.of(operation + " answered " + status + " as '" + contentType + "', not one of "
                    + toList(content.fieldNames()));
        }
        if (!mediaType.equals("application/json")) {
            return List.of();
        }
        ObjectNode schema = components.deepCopy();
        schema.setAll((ObjectNode) rewriteRefs(content.get(mediaType).get("schema").deepCopy()));
        JsonSchema validator = FACTORY.getSchema(schema);
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : validator.validate(new ObjectMapper().readTree(body))) {
            problems.add(operation + " " + status + ": " + message.getMessage());
        }
        return problems;
    }

    private static JsonNode rewriteRefs(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual()) {
                object.put("$ref", ref.asText().replace("#/components/schemas/", "#/$defs/"));
            }
            object.fields().forEachRemaining(field -> rewriteRefs(field.getValue()));
        } else if (node.isArray()) {
            node.forEach(OpenApiDocument::rewriteRefs);
        }
        return node;
    }

    private static List<String> toList(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
