package dev.gantry.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunResult;
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
                    s.message().orElse(null), s.attempts()));
        }
        json.put("steps", steps);
        return write(json);
    }

    static Map<String, Object> step(String name, String status, String cacheKey, Map<String, OutputArtifact> outputs,
            String message, int attempts) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", name);
        step.put("status", status);
        step.put("cacheKey", cacheKey);
        step.put("attempts", attempts);
        if (message != null) {
            step.put("message", message);
        }
        Map<String, Object> outs = new LinkedHashMap<>();
        outputs.forEach((n, a) -> outs.put(n, output(a)));
        step.put("outputs", outs);
        return step;
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
