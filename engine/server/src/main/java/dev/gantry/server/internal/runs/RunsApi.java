package dev.gantry.server.internal.runs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.LogTails;
import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.AttemptRecord;
import dev.gantry.engine.api.LineageLink;
import dev.gantry.engine.api.MetricValue;
import dev.gantry.engine.api.RunFilter;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.RunTrigger;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.server.internal.http.ApiException;
import dev.gantry.server.internal.http.Json;
import dev.gantry.server.internal.http.QueryParams;
import dev.gantry.server.internal.files.StoreFiles;
import dev.gantry.spec.Matrices;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The read side of the HTTP API: runs, their steps, explain, metrics and lineage. */
public final class RunsApi {
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
    private static final int LOG_TAIL_LINES = 20;

    private final RunHistory history;
    private final StoreFiles files;

    public RunsApi(RunHistory history, StoreFiles files) {
        this.history = history;
        this.files = files;
    }

    /** {@code GET /api/runs}: a page of runs, newest first, filtered by the query. */
    public void list(Context ctx) {
        ctx.json(listJson(filter(ctx)));
    }

    /** The runs page for {@code filter}, as JSON. */
    public ObjectNode listJson(RunFilter filter) {
        List<RunRecord> runs = history.runs(filter);
        Map<String, Map<StepStatus, Integer>> counts = history.stepCounts(runs.stream().map(RunRecord::id).toList());
        ObjectNode page = Json.object();
        ArrayNode items = page.putArray("runs");
        runs.forEach(run -> items.add(RunViews.summary(run, counts.getOrDefault(run.id(), Map.of()))));
        page.put("total", history.count(filter));
        page.put("limit", filter.limit());
        page.put("offset", filter.offset());
        return page;
    }

    /** {@code GET /api/runs/{run}}: a run with its params and steps. */
    public void get(Context ctx) {
        ctx.json(runJson(ctx.pathParam("run")));
    }

    /** The run {@code ref} names, with its params and its steps, as JSON. */
    public ObjectNode runJson(String ref) {
        RunRecord run = run(ref);
        List<StepRecord> steps = history.steps(run.id());
        Map<StepStatus, Integer> counts = new java.util.EnumMap<>(StepStatus.class);
        steps.forEach(s -> counts.merge(s.status(), 1, Integer::sum));
        ObjectNode node = RunViews.summary(run, counts);
        Json.putText(node, "pipelineFile", run.pipelineFile());
        node.put("host", run.host());
        // The recorded spec is parsed once: it gives the params and, expanded, the steps' edges.
        PipelineSpec declared = history.spec(run);
        PipelineSpec expanded = Matrices.expand(declared);
        ObjectNode params = node.putObject("params");
        declared.params().forEach(params::put);
        ArrayNode items = node.putArray("stepList");
        for (StepRecord step : steps) {
            StepSpec spec = expanded.steps().get(step.step());
            List<String> upstream = spec == null ? List.of() : spec.upstreamSteps();
            Map<String, String> trial = spec == null ? Map.of() : spec.matrix().binding().orElse(Map.of());
            items.add(RunViews.step(step, upstream, trial.isEmpty() ? Optional.empty() : trialOf(step.step()), trial));
        }
        return node;
    }

    /** {@code GET /api/runs/{run}/steps/{step}}: a step with its attempts, failure, metrics and, if cached, its source. */
    public void step(Context ctx) {
        RunRecord run = run(ctx.pathParam("run"));
        StepRecord step = step(run, ctx.pathParam("step"));
        PipelineSpec expanded = Matrices.expand(history.spec(run));
        StepSpec spec = expanded.steps().get(step.step());
        Map<String, String> trial = spec == null ? Map.of() : spec.matrix().binding().orElse(Map.of());
        ObjectNode node = RunViews.step(step, spec == null ? List.of() : spec.upstreamSteps(),
                trial.isEmpty() ? Optional.empty() : trialOf(step.step()), trial);
        node.put("runId", run.id());
        ArrayNode attempts = node.putArray("attemptList");
        List<AttemptRecord> recorded = history.attempts(run.id(), step.step());
        recorded.forEach(a -> attempts.add(RunViews.attempt(a)));
        if (step.status() == StepStatus.FAILED) {
            node.set("failure", failure(step, recorded));
        }
        if (step.status() == StepStatus.CACHED && step.cacheKey().isPresent()) {
            history.cacheEntry(step.cacheKey().get()).ifPresent(entry -> node.put("cachedFrom", entry.runId()));
        }
        ObjectNode metrics = node.putObject("metrics");
        for (MetricValue value : history.metrics(run.id())) {
            if (value.step().equals(step.step())) {
                metrics.put(value.output() + "." + value.name(), value.value());
            }
        }
        ctx.json(node);
    }

    /** {@code GET /api/runs/{run}/steps/{step}/explain}: why the step was cached or ran. */
    public void explain(Context ctx) {
        RunRecord run = run(ctx.pathParam("run"));
        String step = ctx.pathParam("step");
        ctx.json(RunViews.explanation(history.explain(run.id(), step).orElseThrow(
                () -> ApiException.notFound("run " + run.id() + " has no step '" + step + "'"))));
    }

    /** {@code GET /api/runs/{run}/metrics}: every metric value of the run. */
    public void metrics(Context ctx) {
        RunRecord run = run(ctx.pathParam("run"));
        ArrayNode values = Json.array();
        for (MetricValue value : history.metrics(run.id())) {
            ObjectNode node = values.addObject();
            node.put("step", value.step());
            node.put("output", value.output());
            node.put("name", value.name());
            node.put("value", value.value());
        }
        ctx.json(values);
    }

    /** {@code GET /api/lineage/{digest}}: every step that wrote the artifact, and every step that read it. */
    public void lineage(Context ctx) {
        String digest = digest(ctx.pathParam("digest"));
        ObjectNode node = Json.object();
        node.put("digest", digest);
        ArrayNode producers = node.putArray("producers");
        for (LineageLink.Producer p : history.producers(digest)) {
            ObjectNode item = producers.addObject();
            item.put("runId", p.runId());
            item.put("step", p.step());
            item.put("output", p.output());
        }
        ArrayNode readers = node.putArray("readers");
        for (LineageLink.Reader r : history.readers(digest, 1000)) {
            ObjectNode item = readers.addObject();
            item.put("runId", r.runId());
            item.put("step", r.step());
            item.put("input", r.input());
        }
        ctx.json(node);
    }

    /** The run {@code ref} names, or 404. */
    public RunRecord run(String ref) {
        return history.find(ref).orElseThrow(() -> ApiException.notFound("no run '" + ref + "' in the store"));
    }

    /** The step {@code name} of {@code run}, or 404. */
    public StepRecord step(RunRecord run, String name) {
        return history.steps(run.id()).stream().filter(s -> s.step().equals(name)).findFirst()
                .orElseThrow(() -> ApiException.notFound("run " + run.id() + " has no step '" + name + "'"));
    }

    /** {@code text}, when it is a SHA-256 digest in lower-case hex; else 400. */
    public static String digest(String text) {
        String bare = text.startsWith("sha256:") ? text.substring(7) : text;
        if (!DIGEST.matcher(bare).matches()) {
            throw ApiException.badRequest("'" + text + "' is not a digest: use the 64 lower-case hex digits of a SHA-256");
        }
        return bare;
    }

    private ObjectNode failure(StepRecord step, List<AttemptRecord> attempts) {
        ObjectNode node = Json.object();
        step.failureKind().ifPresent(kind -> node.put("kind", kind.yamlName()));
        node.put("message", step.message().orElse("failed"));
        if (!attempts.isEmpty()) {
            AttemptRecord last = attempts.get(attempts.size() - 1);
            last.exitCode().ifPresent(code -> node.put("exitCode", code));
            node.put("attempt", last.attempt());
            ArrayNode tail = node.putArray("logTail");
            logTail(Path.of(last.logPath())).forEach(tail::add);
        }
        return node;
    }

    private List<String> logTail(Path log) {
        try {
            Path file = files.inside(log, "the log");
            return LogTails.last(file, LOG_TAIL_LINES);
        } catch (ApiException e) {
            return List.of();
        }
    }

    /** The matrix step that a trial named like {@code train-3} is a trial of. */
    static Optional<String> trialOf(String step) {
        int dash = step.lastIndexOf('-');
        return dash > 0 ? Optional.of(step.substring(0, dash)) : Optional.empty();
    }

    private static RunFilter filter(Context ctx) {
        RunFilter filter = RunFilter.newest(QueryParams.intParam(ctx, "limit", 50, 1, RunFilter.MAX_LIMIT))
                .withOffset(QueryParams.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE));
        String pipeline = ctx.queryParam("pipeline");
        if (pipeline != null && !pipeline.isEmpty()) {
            filter = filter.withPipeline(pipeline);
        }
        String status = ctx.queryParam("status");
        if (status != null && !status.isEmpty()) {
            filter = filter.withStatus(status(status));
        }
        String trigger = ctx.queryParam("trigger");
        if (trigger != null && !trigger.isEmpty()) {
            filter = filter.withTrigger(RunTrigger.fromLabel(trigger).orElseThrow(() -> ApiException.badRequest(
                    "trigger '" + trigger + "': use cli, schedule, ui or api")));
        }
        String from = ctx.queryParam("from");
        if (from != null && !from.isEmpty()) {
            filter = filter.withStartedFrom(time("from", from));
        }
        String before = ctx.queryParam("before");
        if (before != null && !before.isEmpty()) {
            filter = filter.withStartedBefore(time("before", before));
        }
        return filter;
    }

    private static RunStatus status(String label) {
        for (RunStatus s : RunStatus.values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw ApiException.badRequest("status '" + label + "': use running, succeeded, failed, cancelled or crashed");
    }

    private static Instant time(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " '" + text + "': not an ISO-8601 time such as 2026-12-07T10:00:00Z");
        }
    }
}
