package dev.gantry.steps.deploy;

import dev.gantry.steps.train.TrainedModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Serves one registered model version over HTTP.
 *
 * <ul>
 *   <li>{@code GET /health}: 200 with {@code {"status": "ok", "model": NAME, "version": V}}.
 *   <li>{@code POST /predict}: a JSON object with {@code "rows": [...]}, an array of rows, or one
 *       row; a row maps column names to values. The answer is {@code {"model", "version",
 *       "predictions": [{"label", "probabilities": {CLASS: P}}]}}; a bad body or row gives 400
 *       with {@code {"error": "row I: ..."}}.
 * </ul>
 *
 * <p>The limits, timeouts and token of {@link JsonServer} apply to every request.
 */
final class PredictionServer implements AutoCloseable {
    private final JsonServer server;
    private final String name;
    private final String version;
    private final Predictor predictor;

    private PredictionServer(String name, String version, Predictor predictor, HttpOptions options, String host,
            int port, Consumer<String> log) throws IOException {
        this.name = name;
        this.version = version;
        this.predictor = predictor;
        this.server = JsonServer.start(host, port, options, this::handle, log);
    }

    /**
     * Starts serving on the host and port (0 for any free port).
     *
     * @param log where internal failures go in full; clients only learn that there was one
     */
    static PredictionServer start(String host, int port, HttpOptions options, String name, String version,
            Predictor predictor, Consumer<String> log) throws IOException {
        return new PredictionServer(name, version, predictor, options, host, port, log);
    }

    /** Returns the port the server listens on. */
    int port() {
        return server.port();
    }

    private Response handle(Request request) {
        switch (request.path()) {
            case "/health":
                return health();
            case "/predict":
                return predict(request);
            default:
                return Response.error(404, "there is no " + request.path() + " here; the server answers GET /health"
                        + " and POST /predict");
        }
    }

    private Response health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("model", name);
        body.put("version", version);
        return Response.json(200, body);
    }

    private Response predict(Request request) {
        if (!request.method().equals("POST")) {
            return Response.error(405, "use POST with JSON rows");
        }
        List<TrainedModel.Outcome> outcomes;
        try {
            outcomes = predictor.predict(PredictionRows.read(request.body()));
        } catch (BadRowException e) {
            return Response.error(400, e.getMessage());
        }
        List<Map<String, Object>> predictions = new ArrayList<>();
        for (TrainedModel.Outcome outcome : outcomes) {
            Map<String, Object> prediction = new LinkedHashMap<>();
            prediction.put("label", outcome.label());
            prediction.put("probabilities", outcome.probabilities());
            predictions.add(prediction);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", name);
        body.put("version", version);
        body.put("predictions", predictions);
        return Response.json(200, body);
    }

    /** Stops accepting requests and waits up to a second for those in progress. */
    @Override
    public void close() {
        server.close();
    }
}
