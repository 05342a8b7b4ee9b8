package dev.gantry.steps.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.steps.sdk.Json;
import dev.gantry.steps.train.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves one registered model version over HTTP.
 *
 * <ul>
 *   <li>{@code GET /health}: 200 with {@code {"status": "ok", "model": NAME, "version": V}}.
 *   <li>{@code POST /predict}: a JSON object with {@code "rows": [...]}, an array of rows, or one
 *       row; a row maps column names to values. The answer is {@code {"model", "version",
 *       "predictions": [{"label", "probabilities": {CLASS: P}}]}}; a bad row gives 400 with
 *       {@code {"error": "row I: ..."}}.
 * </ul>
 */
final class PredictionServer implements AutoCloseable {
    private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

    private final HttpServer server;
    private final ExecutorService executor;
    private final String name;
    private final String version;
    private final Predictor predictor;

    private PredictionServer(HttpServer server, ExecutorService executor, String name, String version,
            Predictor predictor) {
        this.server = server;
        this.executor = executor;
        this.name = name;
        this.version = version;
        this.predictor = predictor;
    }

    /** Starts serving on the host and port (0 for any free port). */
    static PredictionServer start(String host, int port, String name, String version, Predictor predictor)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        PredictionServer prediction = new PredictionServer(server, executor, name, version, predictor);
        server.createContext("/health", prediction::health);
        server.createContext("/predict", prediction::predict);
        server.start();
        return prediction;
    }

    /** Returns the port the server listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    private void health(HttpExchange exchange) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("model", name);
        body.put("version", version);
        Http.send(exchange, 200, body);
    }

    private void predict(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            Http.error(exchange, 405, "use POST with JSON rows");
            return;
        }
        List<Map<String, Object>> rows;
        try (InputStream in = exchange.getRequestBody()) {
            rows = rows(Json.mapper().readTree(in));
        } catch (IOException | IllegalArgumentException e) {
            Http.error(exchange, 400, "the body must be JSON: {\"rows\": [{COLUMN: VALUE, ...}, ...]}, an array of "
                    + "rows, or one row (" + firstLine(e) + ")");
            return;
        }
        List<Map<String, Object>> predictions = new ArrayList<>();
        try {
            for (TrainedModel.Outcome outcome : predictor.predict(rows)) {
                Map<String, Object> prediction = new LinkedHashMap<>();
                prediction.put("label", outcome.label());
                prediction.put("probabilities", outcome.probabilities());
                predictions.add(prediction);
            }
        } catch (IllegalArgumentException e) {
            Http.error(exchange, 400, e.getMessage());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", name);
        body.put("version", version);
        body.put("predictions", predictions);
        Http.send(exchange, 200, body);
    }

    private static List<Map<String, Object>> rows(JsonNode body) {
        JsonNode rows = body != null && body.isObject() && body.has("rows") ? body.get("rows") : body;
        List<Map<String, Object>> result = new ArrayList<>();
        if (rows != null && rows.isArray()) {
            for (JsonNode row : rows) {
                result.add(row(row));
            }
        } else {
            result.add(row(rows));
        }
        return result;
    }

    private static Map<String, Object> row(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a row must be a JSON object, was " + node);
        }
        return Json.mapper().convertValue(node, ROW);
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Stops accepting requests and waits up to a second for those in progress. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
    }
}
