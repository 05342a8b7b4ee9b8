package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.spec.ArtifactType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An output as a JSON-ready map, for cache entries that must restore it in full. */
final class OutputJson {
    private OutputJson() {}

    static Map<String, Object> toMap(OutputArtifact a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sha256", a.sha256());
        m.put("type", a.type().yamlName());
        m.put("size", a.sizeBytes());
        a.rows().ifPresent(r -> m.put("rows", r));
        a.schema().ifPresent(s -> m.put("schema", s));
        return m;
    }

    @SuppressWarnings("unchecked")
    static OutputArtifact fromMap(Object json, StoreLayout layout) {
        Map<String, Object> m = (Map<String, Object>) json;
        String sha = (String) m.get("sha256");
        return new OutputArtifact(sha, layout.object(sha),
                ArtifactType.fromYamlName((String) m.get("type")).orElse(ArtifactType.FILE),
                ((Number) m.get("size")).longValue(),
                Optional.ofNullable((Number) m.get("rows")).map(Number::longValue),
                Optional.ofNullable((String) m.get("schema")));
    }
}
