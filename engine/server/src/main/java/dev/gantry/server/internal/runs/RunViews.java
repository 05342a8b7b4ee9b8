package dev.gantry.server.internal.runs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.api.AttemptRecord;
import dev.gantry.engine.api.CacheEntry;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.StepExplanation;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.server.internal.http.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of runs, steps, attempts and outputs, as the OpenAPI file describes them. */
final class RunViews {
    private RunViews() {}

    /** A run as the runs list shows it, with how many steps ended each way. */
    static ObjectNode summary(RunRecord run, Map<StepStatus, Integer> counts) {
        ObjectNode node = Json.object();
        node.put("id", run.id());
        node.put("pipeline", run.pipeline());
        node.put("status", run.status().label());
        node.put("trigger", run.trigger().label());
        node.put("startedAt", run.startedAt().toString());
        Json.putTime(node, "endedAt", run.endedAt());
        node.put("durationMs", millis(run.startedAt(), run.endedAt()));
        Json.putText(node, "parentRun", run.parentRun());
        ObjectNode steps = node.putObject("steps");
        int total = 0;
        for (StepStatus status : StepStatus.values()) {
            int n = counts.getOrDefault(status, 0);
            steps.put(status.label(), n);
            total += n;
        }
        steps.put("total", total);
        return node;
    }

    /** A step of a run, with its outputs and, when it failed, its failure. */
    static ObjectNode step(StepRecord step, List<String> dependsOn, Optional<String> trialOf,
            Map<String, String> trialValues) {
        ObjectNode node = Json.object();
        node.put("name", step.step());
        node.put("status", step.status().label());
        ArrayNode deps = node.putArray("dependsOn");
        dependsOn.forEach(deps::add);
        Json.putText(node, "trialOf", trialOf);
        if (!trialValues.isEmpty()) {
            ObjectNode values = node.putObject("trialValues");
            trialValues.forEach(values::put);
        }
        Json.putTime(node, "startedAt", step.startedAt());
        Json.putTime(node, "endedAt", step.endedAt());
        step.startedAt().ifPresent(start -> node.put("durationMs", millis(start, step.endedAt())));
        node.put("attempts", step.attempts());
        Json.putText(node, "cacheKey", step.cacheKey());
        Json.putText(node, "message", step.message());
        step.failureKind().ifPresent(kind -> node.put("failureKind", kind.yamlName()));
        ArrayNode outputs = node.putArray("outputs");
        step.outputs().forEach((name, artifact) -> outputs.add(output(name, artifact)));
        return node;
    }

    static ObjectNode output(String name, OutputArtifact artifact) {
        ObjectNode node = Json.object();
        node.put("name", name);
        node.put("digest", artifact.sha256());
        node.put("type", artifact.type().yamlName());
        node.put("sizeBytes", artifact.sizeBytes());
        artifact.rows().ifPresent(rows -> node.put("rows", rows));
        Json.putText(node, "schema", artifact.schema());
        return node;
    }

    static ObjectNode attempt(AttemptRecord attempt) {
        ObjectNode node = Json.object();
        node.put("attempt", attempt.attempt());
        node.put("succeeded", attempt.succeeded());
        attempt.exitCode().ifPresent(code -> node.put("exitCode", code));
        Json.putText(node, "message", attempt.message());
        attempt.failureKind().ifPresent(kind -> node.put("failureKind", kind.yamlName()));
        node.put("startedAt", attempt.startedAt().toString());
        node.put("endedAt", attempt.endedAt().toString());
        node.put("durationMs", Duration.between(attempt.startedAt(), attempt.endedAt()).toMillis());
        return node;
    }

    static ObjectNode explanation(StepExplanation why) {
        ObjectNode node = Json.object();
        node.put("step", why.step());
        node.put("status", why.status().label());
        node.put("verdict", why.verdict().label());
        Json.putText(node, "cacheKey", why.cacheKey());
        ArrayNode parts = node.putArray("keyParts");
        why.keyParts().forEach(part -> parts.add(hideEnvValue(part, "(hidden)")));
        Json.putText(node, "message", why.message());
        why.comparedWith().ifPresent(entry -> node.set("comparedWith", entry(entry)));
        ArrayNode changes = node.putArray("changes");
        why.changes().forEach(change -> changes.add(hideEnvValue(change, "changed (values hidden)")));
        return node;
    }

    /**
     * A key part or change with its value replaced by {@code shown} when it is an environment
     * variable's: the UI shows which variable took part, or changed, never its value.
     */
    static String hideEnvValue(String line, String shown) {
        if (!line.startsWith("env.") && !line.startsWith("env[")) {
            return line;
        }
        int end = line.startsWith("env[") ? line.indexOf("]: ") + 1 : line.indexOf(": ");
        return end <= 0 ? "env: " + shown : line.substring(0, end) + ": " + shown;
    }

    private static ObjectNode entry(CacheEntry entry) {
        ObjectNode node = Json.object();
        node.put("runId", entry.runId());
        node.put("pipeline", entry.pipeline());
        node.put("step", entry.step());
        node.put("createdAt", entry.createdAt().toString());
        return node;
    }

    /** From {@code start} to its end, or to now while it goes on. */
    private static long millis(Instant start, Optional<Instant> end) {
        return Duration.between(start, end.orElseGet(Instant::now)).toMillis();
    }
}
