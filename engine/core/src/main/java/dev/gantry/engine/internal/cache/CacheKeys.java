package dev.gantry.engine.internal.cache;

import dev.gantry.engine.hash.CanonicalJson;
import dev.gantry.engine.hash.Sha256;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.Placeholders;
import dev.gantry.spec.StepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes cache keys. Everything that can change what a step writes is in the key, and
 * nothing else, so a key never serves a stale result and never misses for nothing.
 */
public final class CacheKeys {
    /** Bump when the key's parts or their encoding change, so old entries stop matching. */
    static final int KEY_FORMAT = 2;

    private CacheKeys() {}

    /**
     * The key of {@code step} in {@code pipeline}.
     *
     * @param image what the step runs in: for containers the image ID (a digest, never a tag,
     *     so re-pointing a tag is a miss); for the local executor the digests of its code files
     * @param inputDigests input name to the content digest of what it will read
     */
    public static CacheKey of(PipelineSpec pipeline, StepSpec step, Map<String, Object> image,
            Map<String, String> inputDigests) {
        Map<String, Object> parts = new TreeMap<>();
        // Old entries must not match once the way keys are made changes.
        parts.put("keyFormat", KEY_FORMAT);
        // The program that runs: the image (or the local code files) it runs in.
        parts.put("image", image);
        // The command as written, before placeholders are filled: store paths differ per run.
        parts.put("command", step.command());
        // Only the parameters the step uses: changing another parameter must not rerun it.
        parts.put("params", paramsUsed(pipeline, step));
        // Environment variables can change what a program does.
        parts.put("env", new TreeMap<>(step.env()));
        // Relative paths in the command resolve against it.
        parts.put("workdir", step.workdir().orElse(""));
        // The content of every input, by digest, whatever step or file it came from.
        parts.put("inputs", new TreeMap<>(inputDigests));
        // A step that declares other outputs writes other artifacts.
        Map<String, String> outputs = new TreeMap<>();
        step.outputs().forEach((name, type) -> outputs.put(name, type.yamlName()));
        parts.put("outputs", outputs);
        // The user's salt, to invalidate on purpose.
        parts.put("cacheVersion", step.cache().version().orElse(""));
        // Not in the key: resources, retries, timeouts, and pipeline and step names, so
        // identical work is shared across pipelines and tuning a limit reruns nothing.
        String canonical = CanonicalJson.write(parts);
        return new CacheKey(Sha256.ofText(canonical), canonical, parts);
    }

    /**
     * The values of the parameters {@code step} refers to, by name. A trial of a matrix uses
     * every parameter its matrix binds, with the trial's values, whether or not its command
     * names them: the step may read them from its environment.
     */
    public static Map<String, String> paramsUsed(PipelineSpec pipeline, StepSpec step) {
        List<String> templates = new ArrayList<>(step.command());
        templates.addAll(step.env().values());
        Map<String, String> bound = step.matrix().binding().orElse(Map.of());
        Map<String, String> used = new TreeMap<>(bound);
        for (String template : templates) {
            for (Placeholders.Placeholder p : Placeholders.find(template)) {
                String value = bound.getOrDefault(p.name(), pipeline.params().get(p.name()));
                if (p.kind().equals(Placeholders.PARAMS) && value != null) {
                    used.put(p.name(), value);
                }
            }
        }
        return used;
    }
}
