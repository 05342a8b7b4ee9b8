package dev.gantry.server.internal.runs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.MetricValue;
import dev.gantry.engine.api.RunFilter;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.server.internal.http.Json;
import dev.gantry.server.internal.http.QueryParams;
import dev.gantry.spec.Matrices;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the pipeline page compares: each run's metric values and params across a pipeline's runs,
 * and a sweep's trials within one run, each with its matrix values and metrics.
 */
public final class ComparisonsApi {
    private final RunHistory history;
    private final RunsApi runs;

    public ComparisonsApi(RunHistory history, RunsApi runs) {
        this.history = history;
        this.runs = runs;
    }

    /**
     * {@code GET /api/pipelines/{pipeline}/metrics}: the newest runs of the pipeline ({@code ?limit=},
     * default 50), oldest first, each with its params and its metric values named
     * {@code step.output.metric}.
     */
    public void pipelineMetrics(Context ctx) {
        int limit = QueryParams.intParam(ctx, "limit", 50, 1, 500);
        List<RunRecord> recent = history.runs(RunFilter.newest(limit).withPipeline(ctx.pathParam("pipeline")));
        ArrayNode items = Json.array();
        for (int i = recent.size() - 1; i >= 0; i--) {
            RunRecord run = recent.get(i);
            ObjectNode item = items.addObject();
            item.put("runId", run.id());
            item.put("status", run.status().label());
            item.put("startedAt", run.startedAt().toString());
            ObjectNode params = item.putObject("params");
            history.params(run).forEach(params::put);
            ObjectNode metrics = item.putObject("metrics");
            for (MetricValue value : history.metrics(run.id())) {
                metrics.put(value.step() + "." + value.output() + "." + value.name(), value.value());
            }
        }
        ctx.json(items);
    }

    /**
     * {@code GET /api/runs/{run}/trials}: the run's matrix trials, each with its step, the step it
     * is a trial of, its matrix values and its metric values named {@code output.metric}.
     */
    public void trials(Context ctx) {
        RunRecord run = runs.run(ctx.pathParam("run"));
        PipelineSpec expanded = Matrices.expand(history.spec(run));
        Map<String, ObjectNode> byStep = new LinkedHashMap<>();
        ArrayNode items = Json.array();
        for (StepSpec step : expanded.steps().values()) {
            step.matrix().binding().ifPresent(values -> {
                ObjectNode item = items.addObject();
                item.put("step", step.name());
                item.put("trialOf", RunsApi.trialOf(step.name()).orElse(step.name()));
                ObjectNode v = item.putObject("values");
                values.forEach(v::put);
                item.putObject("metrics");
                byStep.put(step.name(), item);
            });
        }
        for (MetricValue value : history.metrics(run.id())) {
            ObjectNode item = byStep.get(value.step());
            if (item != null) {
                ((ObjectNode) item.get("metrics")).put(value.output() + "." + value.name(), value.value());
            }
        }
        ctx.json(items);
    }
}
