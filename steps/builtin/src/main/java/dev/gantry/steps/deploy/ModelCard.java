package dev.gantry.steps.deploy;

import dev.gantry.steps.sdk.Json;
import dev.gantry.steps.train.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model card of a registered version: what the model is, how it was trained, how well it
 * did, which data and code made it (digests, run id, image) and which gates it passed. It is
 * written twice: {@code card.json} for programs and {@code card.md} for people.
 */
record ModelCard(String name, String version, String registeredAt, Optional<String> runId, Optional<String> step,
        String image, TrainedModel.ModelInfo model, Map<String, Double> metrics, List<String> gates,
        Map<String, String> params, Map<String, Object> digests) {

    /** Returns the card as a JSON-ready map, keys in a fixed order. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("version", version);
        json.put("registered_at", registeredAt);
        runId.ifPresent(id -> json.put("run_id", id));
        step.ifPresent(s -> json.put("step", s));
        json.put("image", image);
        json.put("model", model.toJson());
        json.put("metrics", metrics);
        json.put("gates", gates);
        json.put("params", params);
        json.put("digests", digests);
        return json;
    }

    /** Writes {@code card.json} and {@code card.md} into a version folder. */
    void write(Path folder) throws java.io.IOException {
        Json.write(folder.resolve("card.json"), toJson());
        Files.writeString(folder.resolve("card.md"), markdown());
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(name).append(' ').append(version).append("\n\n");
        md.append("- Registered: ").append(registeredAt).append('\n');
        md.append("- Run: ").append(runId.orElse("(not run by Gantry)")).append(step.map(s -> ", step " + s).orElse(""))
                .append('\n');
        md.append("- Image: ").append(image).append('\n');
        md.append("- Algorithm: ").append(model.algorithm()).append(" (").append(model.features().size())
                .append(" features, label `").append(model.label()).append("`: ")
                .append(String.join(", ", model.classes())).append(")\n");
        md.append("- Trained on ").append(model.trainingRows()).append(" rows, table ").append(model.trainingDigest())
                .append('\n');
        md.append("- ONNX export: ").append(model.onnx() ? "model/model.onnx" : "none for this algorithm").append("\n\n");
        md.append("## Hyperparameters\n\n");
        model.hyperparameters().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n## Metrics\n\n| metric | value |\n|---|---|\n");
        metrics.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n## Quality gates\n\n");
        if (gates.isEmpty()) {
            md.append("None.\n");
        }
        gates.forEach(g -> md.append("- passed: ").append(g).append('\n'));
        md.append("\n## Parameters\n\n");
        if (params.isEmpty()) {
            md.append("None recorded.\n");
        }
        params.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n## Digests\n\n");
        digests.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        return md.toString();
    }
}
