package dev.gantry.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.hash.CanonicalJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON that {@code --json} prints: one object, stable field names. */
final class JsonReports {
    private JsonReports() {}

    /** {@code {"run", "pipeline", "status", "elapsedMs", "steps": [...]}}. */
    static String run(RunResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", result.runId());
        json.put("pipeline", result.pipeline());
        json.put("status", result.status().label());
        json.put("elapsedMs", result.elapsed().toMillis());
        List<Object> steps = new ArrayList<>();
        for (StepResult s : result.steps()) {
            steps.add(step(s.name(), s.status().label(), s.cacheKey().orElse(null), s.outputs(),
                    s.message().orElse(null), s.attempts(), s.failure().map(JsonReports::failure).orElse(null)));
        }
        json.put("steps", steps);
        return write(json);
    }

    /**
     * One step: name, status, key, attempts, message, outputs and, for a failed step, its
     * failure ({@link #failure}), or null.
     */
    static Map<String, Object> step(String name, String status, String cacheKey, Map<String, OutputArtifact> outputs,
            String message, int attempts, Map<String, Object> failure) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", name);
        step.put("status", status);
        step.put("cacheKey", cacheKey);
        step.put("attempts", attempts);
        if (message != null) {
            step.put("message", message);
        }
        if (failure != null) {
            step.put("failure", failure);
        }
        Map<String, Object> outs = new LinkedHashMap<>();
        outputs.forEach((n, a) -> outs.put(n, output(a)));
        step.put("outputs", outs);
        return step;
    }

    /** {@code {"kind", "exitCode", "retryable", "message", "logTail", "log"}}, each where known. */
    static Map<String, Object> failure(StepFailure f) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("kind", f.kind().yamlName());
        f.exitCode().ifPresent(c -> o.put("exitCode", c));
        o.put("retryable", f.retryable());
        o.put("message", f.message());
        o.put("logTail", f.logTail());
        f.log().ifPresent(p -> o.put("log", p.toString()));
        return o;
    }

    static Map<String, Object> output(OutputArtifact a) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("sha256", a.sha256());
        o.put("path", a.path().toString());
        o.put("type", a.type().yamlName());
        o.put("size", a.sizeBytes());
        a.rows().ifPresent(r -> o.put("rows", r));
        return o;
    }

    /**
     * An object of {@code names} and values, alternating, in that order: unlike {@code Map.of}, whose
     * order changes from one process to the next, the JSON comes out the same every time.
     */
    static Map<String, Object> object(Object... namesAndValues) {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            o.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return o;
    }

    static String write(Object json) {
        try {
            return CanonicalJson.mapper().copy()
                    .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false)
                    .writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
