package dev.gantry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.api.AttemptRecord;
import dev.gantry.engine.api.CacheEntry;
import dev.gantry.engine.api.LineageLink;
import dev.gantry.engine.api.MetricValue;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StoreException;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.engine.hash.CanonicalJson;
import dev.gantry.engine.internal.run.CrashedRuns;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.yaml.PipelineYaml;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The store's record of past runs, for reading: runs, their steps and attempts, parameters,
 * outputs and metric values, cache entries, and where each step's inputs came from. Every
 * {@code gantry} command that reads the store reads it here, on SQLite and PostgreSQL alike.
 *
 * <pre>{@code
 * try (RunHistory history = RunHistory.open(StoreLocation.embedded(Path.of(".gantry")), System.err::println)) {
 *     RunRecord last = history.find("last").orElseThrow();
 *     history.metrics(last.id()).forEach(m -> System.out.println(m.name() + " = " + m.value()));
 * }
 * }</pre>
 *
 * <p>A run recorded as running on this machine whose engine process is gone is read as crashed:
 * the first read that finds it stops the step processes it left running, records it so, and
 * says what it stopped through the notices given at {@link #open}.
 */
public final class RunHistory implements AutoCloseable {
    private final RunStore store;
    private final boolean owned;
    private final Consumer<String> notices;

    private RunHistory(RunStore store, boolean owned, Consumer<String> notices) {
        this.store = store;
        this.owned = owned;
        this.notices = notices;
    }

    /**
     * Opens the store at {@code location} for reading; {@code notices} hears of the step
     * processes stopped for crashed runs.
     */
    public static RunHistory open(StoreLocation location, Consumer<String> notices) {
        return new RunHistory(RunStore.open(location), true, notices);
    }

    /** A history over a store that its caller keeps open, and closes. */
    static RunHistory over(RunStore store, Consumer<String> notices) {
        return new RunHistory(store, false, notices);
    }

    /** The newest runs first, at most {@code limit}. */
    public List<RunRecord> runs(int limit) {
        return store.queries().runs(limit).stream().map(this::settled).toList();
    }

    /**
     * The run {@code ref} names: its id, a prefix that only its id starts with, or {@code last}
     * for the newest run.
     */
    public Optional<RunRecord> find(String ref) {
        Optional<RunRecord> run = ref.equals("last") ? store.queries().runs(1).stream().findFirst()
                : store.queries().run(ref);
        return run.map(this::settled);
    }

    private RunRecord settled(RunRecord run) {
        if (!CrashedRuns.engineIsGone(run)) {
            return run;
        }
        CrashedRuns.Settled settled = CrashedRuns.settle(store, run);
        settled.stopped().forEach(notices);
        return settled.run();
    }

    /** The steps of run {@code runId}, in plan order, with their outputs. */
    public List<StepRecord> steps(String runId) {
        return store.queries().steps(runId);
    }

    /** The attempts of one step of a run, in order. */
    public List<AttemptRecord> attempts(String runId, String step) {
        return store.queries().attempts(runId, step);
    }

    /** The exact spec {@code run} ran, its parameter values included. */
    public PipelineSpec spec(RunRecord run) {
        return PipelineYaml.parse(run.specYaml(), "the spec recorded with run " + run.id());
    }

    /** The parameter values {@code run} ran with; a secret parameter shows as {@code (secret)}. */
    public Map<String, String> params(RunRecord run) {
        return spec(run).params();
    }

    /** Every value of every {@code metrics} output of run {@code runId}, in step and output order. */
    public List<MetricValue> metrics(String runId) {
        List<MetricValue> values = new ArrayList<>();
        for (StepRecord step : steps(runId)) {
            for (Map.Entry<String, OutputArtifact> output : step.outputs().entrySet()) {
                if (output.getValue().type() == ArtifactType.METRICS) {
                    read(output.getValue()).forEach(
                            (name, value) -> values.add(new MetricValue(step.step(), output.getKey(), name, value)));
                }
            }
        }
        return values;
    }

    private Map<String, Double> read(OutputArtifact metrics) {
        try {
            JsonNode object = CanonicalJson.mapper().readTree(metrics.path().toFile());
            Map<String, Double> values = new java.util.LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNumber()) {
                    values.put(field.getKey(), field.getValue().doubleValue());
                }
            }
            return values;
        } catch (IOException e) {
            throw new StoreException("cannot read metrics object " + metrics.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where each input of each step of {@code run} came from: the artifact's digest, how the
     * pipeline names its source, and the step that first wrote it.
     */
    public List<LineageLink> lineage(RunRecord run) {
        PipelineSpec spec = spec(run);
        List<LineageLink> links = new ArrayList<>();
        for (StepRecord step : steps(run.id())) {
            StepSpec declared = spec.steps().get(step.step());
            if (declared == null || step.keyParts().isEmpty()) {
                continue;
            }
            JsonNode inputs = inputsOf(step);
            for (Map.Entry<String, InputSpec> input : declared.inputs().entrySet()) {
                JsonNode digest = inputs.get(input.getKey());
                if (digest == null || !digest.isTextual()) {
                    continue;
                }
                String sha = digest.asText();
                String source = input.getValue() instanceof InputSpec.HostPath host ? host.path()
                        : input.getValue().toString();
                Optional<LineageLink.Producer> producer = input.getValue() instanceof InputSpec.HostPath
                        ? Optional.empty() : store.queries().firstProducer(sha);
                links.add(new LineageLink(step.step(), input.getKey(), sha, source, producer));
            }
        }
        return links;
    }

    private static JsonNode inputsOf(StepRecord step) {
        try {
            JsonNode inputs = CanonicalJson.mapper().readTree(step.keyParts().orElseThrow()).get("inputs");
            return inputs == null ? CanonicalJson.mapper().createObjectNode() : inputs;
        } catch (IOException e) {
            throw new StoreException("cannot read the key parts of step '" + step.step() + "' of run " + step.runId()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The cache entry recorded under {@code key}, if any. */
    public Optional<CacheEntry> cacheEntry(String key) {
        return store.cache().findCacheEntry(key);
    }

    /** The newest cache entry of a step named {@code step}, other than {@code otherThanKey}, made by {@code before}. */
    public Optional<CacheEntry> previousCacheEntry(String step, String otherThanKey, Instant before) {
        return store.cache().previousCacheEntry(step, otherThanKey, before);
    }

    /** The database, for messages: the SQLite file, or the PostgreSQL URL without its password. */
    public String database() {
        return store.database();
    }

    @Override
    public void close() {
        if (owned) {
            store.close();
        }
    }
}
