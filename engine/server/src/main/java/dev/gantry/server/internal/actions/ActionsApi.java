package dev.gantry.server.internal.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.Selection;
import dev.gantry.error.GantryException;
import dev.gantry.server.internal.http.ApiException;
import dev.gantry.server.internal.http.Json;
import dev.gantry.server.internal.runs.RunsApi;
import dev.gantry.spec.PipelineSpec;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP API's actions, each a POST: start a run of a pipeline the server knows, cancel a run,
 * rerun a run (from a step); and the list of the pipelines it knows.
 */
public final class ActionsApi {
    private final RunHistory history;
    private final RunsApi runs;
    private final PipelineCatalog catalog;
    private final RunLauncher launcher;

    public ActionsApi(RunHistory history, RunsApi runs, PipelineCatalog catalog, RunLauncher launcher) {
        this.history = history;
        this.runs = runs;
        this.catalog = catalog;
        this.launcher = launcher;
    }

    /** {@code GET /api/pipelines}: the pipeline files the server may start. */
    public void pipelines(Context ctx) {
        ArrayNode items = Json.array();
        for (PipelineCatalog.Entry entry : catalog.pipelines().values()) {
            ObjectNode item = items.addObject();
            item.put("name", entry.name());
            item.put("file", entry.file().toString());
            item.put("startable", entry.startable());
            ObjectNode params = item.putObject("params");
            entry.params().forEach(params::put);
            if (!entry.startable()) {
                item.put("problem", entry.problem());
            }
        }
        ctx.json(items);
    }

    /** {@code POST /api/runs} with {@code {"pipeline": NAME, "params": {...}}}: starts a run; 201 with its id. */
    public void start(Context ctx) {
        JsonNode body = body(ctx);
        String name = text(body, "pipeline");
        PipelineCatalog.Entry entry = catalog.pipelines().get(name);
        if (entry == null) {
            throw ApiException.notFound("this server knows no pipeline '" + name + "'; give its file to gantry server"
                    + " with --pipelines or --schedule");
        }
        if (!entry.startable()) {
            throw ApiException.badRequest(entry.problem());
        }
        RunOptions options = withParams(RunOptions.defaults(), body);
        answerStarted(ctx, launch(new RunLauncher.Source.File(entry.file()), options));
    }

    /**
     * {@code POST /api/runs/{run}/rerun} with {@code {"from": STEP, "params": {...}}}, both
     * optional: runs the recorded spec again with its parameter values (changed by
     * {@code params}); {@code from} runs that step and everything downstream again whatever the
     * cache holds.
     */
    public void rerun(Context ctx) {
        RunRecord run = runs.run(ctx.pathParam("run"));
        if (run.status() == RunStatus.RUNNING) {
            throw ApiException.conflict("run " + run.id() + " is still running; rerun it once it has ended");
        }
        JsonNode body = body(ctx);
        PipelineSpec spec = history.spec(run);
        RunOptions options = RunOptions.defaults().withBaseDir(Path.of(run.baseDir())).withParentRun(run.id());
        if (run.pipelineFile().isPresent()) {
            options = options.withPipelineFile(Path.of(run.pipelineFile().get()));
        }
        for (Map.Entry<String, String> p : spec.params().entrySet()) {
            if (!spec.isSecretParam(p.getKey())) {
                options = options.withParam(p.getKey(), p.getValue());
            }
        }
        options = withParams(options, body);
        JsonNode from = body.get("from");
        if (from != null && !from.isNull()) {
            if (!from.isTextual()) {
                throw ApiException.badRequest("'from' must be a step name");
            }
            runs.step(run, from.asText());
            options = options.withSelection(Selection.from(from.asText())).withNoCache(true);
        }
        answerStarted(ctx, launch(new RunLauncher.Source.Spec(spec), options));
    }

    /**
     * {@code POST /api/runs/{run}/cancel}: stops the run's steps and ends it cancelled, whether
     * this server or a {@code gantry} command on this machine runs it; 202 once asked.
     */
    public void cancel(Context ctx) {
        RunRecord run = runs.run(ctx.pathParam("run"));
        if (run.status() != RunStatus.RUNNING) {
            throw ApiException.conflict("run " + run.id() + " is not running (it is " + run.status().label() + ")");
        }
        if (!launcher.cancel(run.id()) && !history.requestCancel(run)) {
            throw ApiException.conflict("run " + run.id() + " runs on " + run.host() + " (pid " + run.pid()
                    + "), which this server cannot reach; cancel it there");
        }
        ObjectNode node = Json.object();
        node.put("runId", run.id());
        node.put("cancelling", true);
        ctx.status(202).json(node);
    }

    private String launch(RunLauncher.Source source, RunOptions options) {
        try {
            return launcher.start(source, options);
        } catch (GantryException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static void answerStarted(Context ctx, String runId) {
        ObjectNode node = Json.object();
        node.put("runId", runId);
        ctx.status(201).json(node);
    }

    private static RunOptions withParams(RunOptions options, JsonNode body) {
        JsonNode params = body.get("params");
        if (params == null || params.isNull()) {
            return options;
        }
        if (!params.isObject()) {
            throw ApiException.badRequest("'params' must be an object of names and values");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!p.getValue().isValueNode() || p.getValue().isNull()) {
                throw ApiException.badRequest("param '" + p.getKey() + "' must be a string, number or boolean");
            }
            values.put(p.getKey(), p.getValue().asText());
        }
        RunOptions result = options;
        for (Map.Entry<String, String> v : values.entrySet()) {
            result = result.withParam(v.getKey(), v.getValue());
        }
        return result;
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode node = Json.mapper().readTree(text);
            if (!node.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw ApiException.badRequest("the body needs '" + field + "', a string");
        }
        return value.asText();
    }
}
