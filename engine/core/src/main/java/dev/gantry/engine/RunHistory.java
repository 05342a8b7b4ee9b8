package dev.gantry.engine;

import dev.gantry.engine.api.AttemptRecord;
import dev.gantry.engine.api.CacheEntry;
import dev.gantry.engine.api.LineageLink;
import dev.gantry.engine.api.MetricValue;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RecordedFailure;
import dev.gantry.engine.api.RunFilter;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepExplanation;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StoreException;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.engine.hash.CanonicalJson;
import dev.gantry.engine.internal.cache.StepExplainer;
import dev.gantry.engine.internal.local.ProcessIdentity;
import dev.gantry.engine.internal.run.CrashedRuns;
import dev.gantry.engine.spi.EngineHost;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.yaml.PipelineYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
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

    /** The runs {@code filter} matches, newest first: its page of them. */
    public List<RunRecord> runs(RunFilter filter) {
        return store.queries().runs(filter).stream().map(this::settled).toList();
    }

    /** How many runs {@code filter} matches, on every page. */
    public long count(RunFilter filter) {
        return store.queries().count(filter);
    }

    /** How many steps of each of the runs {@code runIds} are in each status; a run with no steps is left out. */
    public Map<String, Map<StepStatus, Integer>> stepCounts(Collection<String> runIds) {
        return store.queries().stepCounts(runIds);
    }

    /**
     * The run {@code ref} names: its id, a prefix that only its id starts with, {@code last} for
     * the newest run, or {@code last~N} for the one N runs before it ({@code last~1} is the
     * run before the newest).
     */
    public Optional<RunRecord> find(String ref) {
        Optional<RunRecord> run;
        if (ref.equals("last")) {
            run = store.queries().runs(1).stream().findFirst();
        } else if (ref.matches("last~\\d{1,6}")) {
            int back = Integer.parseInt(ref.substring("last~".length()));
            List<RunRecord> newest = store.queries().runs(back + 1);
            run = newest.size() == back + 1 ? Optional.of(newest.get(back)) : Optional.empty();
        } else {
            run = store.queries().run(ref);
        }
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

    /**
     * The parameters {@code run}'s pipeline declares today, with their default values: those of
     * its pipeline file as that file reads now. The recorded spec cannot say: a run with
     * overridden parameters records the spec with the overrides written into its params block.
     * Empty when the run had no pipeline file, or the file is gone, unreadable or now invalid.
     */
    public Optional<Map<String, String>> declaredParams(RunRecord run) {
        if (run.pipelineFile().isEmpty()) {
            return Optional.empty();
        }
        Path file = Path.of(run.baseDir()).resolve(run.pipelineFile().get());
        try {
            return Optional.of(PipelineYaml.read(file).params());
        } catch (RuntimeException e) {
            return Optional.empty(); // a file that moved or broke since: no defaults to compare with
        }
    }

    /**
     * Why step {@code step} of run {@code runId} failed, when it did: the kind, exit code and
     * message of its last attempt and the last {@code lines} lines of that attempt's log.
     */
    public Optional<RecordedFailure> failure(String runId, StepRecord step, int lines) {
        if (step.status() != StepStatus.FAILED) {
            return Optional.empty();
        }
        List<AttemptRecord> tried = attempts(runId, step.step());
        Optional<AttemptRecord> last = tried.isEmpty() ? Optional.empty() : Optional.of(tried.get(tried.size() - 1));
        FailureKind kind = step.failureKind().or(() -> last.flatMap(AttemptRecord::failureKind))
                .orElse(FailureKind.EXIT_CODE);
        String message = step.message().or(() -> last.flatMap(AttemptRecord::message)).orElse("failed");
        Optional<Path> log = last.map(a -> Path.of(a.logPath())).filter(Files::isRegularFile);
        List<String> tail = log.map(file -> LogTails.last(file, lines)).orElse(List.of());
        return Optional.of(new RecordedFailure(kind, last.flatMap(AttemptRecord::exitCode), message, tail, log));
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

    /**
     * The numeric values of one {@code metrics} output, by name, in the order its JSON object
     * lists them; values that are not numbers are left out.
     */
    public Map<String, Double> metricValues(OutputArtifact metrics) {
        return read(metrics);
    }

    private Map<String, Double> read(OutputArtifact metrics) {
        String text;
        try {
            text = Files.readString(metrics.path());
        } catch (IOException e) {
            throw new StoreException("cannot read metrics object " + metrics.path() + ": " + e.getMessage(), e);
        }
        Map<String, Double> values = new java.util.LinkedHashMap<>();
        if (!text.stripLeading().startsWith("{")) {
            return values; // valid JSON that is no object has no named values
        }
        try {
            // Core's own reader, as for key parts: Jackson's object mapper would take longer to load than to read.
            CanonicalJson.readObject(text).forEach((name, value) -> {
                if (value instanceof Number number) {
                    values.put(name, number.doubleValue());
                }
            });
        } catch (IllegalArgumentException e) {
            throw new StoreException("cannot read metrics object " + metrics.path() + ": " + e.getMessage(), e);
        }
        return values;
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
            Map<String, Object> inputs = inputsOf(step);
            for (Map.Entry<String, InputSpec> input : declared.inputs().entrySet()) {
                if (!(inputs.get(input.getKey()) instanceof String sha)) {
                    continue;
                }
                String source = input.getValue() instanceof InputSpec.HostPath host ? host.path()
                        : input.getValue().toString();
                Optional<LineageLink.Producer> producer = input.getValue() instanceof InputSpec.HostPath
                        ? Optional.empty() : store.queries().firstProducer(sha);
                links.add(new LineageLink(step.step(), input.getKey(), sha, source, producer,
                        input.getValue() instanceof InputSpec.HostPath));
            }
        }
        return links;
    }

    /**
     * The input digests of a step's key parts, by input name. Read by core's own reader, as the
     * parts were written: a lineage query would otherwise spend most of its time loading
     * Jackson's object mapper.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> inputsOf(StepRecord step) {
        try {
            Object inputs = CanonicalJson.readObject(step.keyParts().orElseThrow()).get("inputs");
            return inputs instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (IllegalArgumentException e) {
            throw new StoreException("cannot read the key parts of step '" + step.step() + "' of run " + step.runId()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Every recorded step that wrote the artifact {@code sha256}, oldest first. */
    public List<LineageLink.Producer> producers(String sha256) {
        return store.queries().producers(sha256);
    }

    /** Every recorded step that read the artifact {@code sha256} as an input, oldest first, at most {@code limit}. */
    public List<LineageLink.Reader> readers(String sha256, int limit) {
        List<LineageLink.Reader> readers = new ArrayList<>();
        for (StepRecord step : store.queries().stepsMentioning(sha256, limit)) {
            inputsOf(step).forEach((input, digest) -> {
                if (sha256.equals(digest)) {
                    readers.add(new LineageLink.Reader(step.runId(), step.step(), input));
                }
            });
        }
        return readers;
    }

    /** Why step {@code step} of run {@code runId} came from the cache or ran; empty when the run has no such step. */
    public Optional<StepExplanation> explain(String runId, String step) {
        return steps(runId).stream().filter(s -> s.step().equals(step)).findFirst()
                .map(new StepExplainer(store.cache())::explain);
    }

    /**
     * The log of each attempt of step {@code step} of run {@code runId} that has one, in attempt
     * order: the last is the one a running step writes now.
     */
    public List<Path> logs(String runId, String step) {
        List<Path> logs = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Path log = store.layout().attemptLog(runId, step, attempt);
            if (!Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS)) {
                return logs;
            }
            logs.add(log);
        }
    }

    /**
     * Asks the engine of {@code run} to cancel it, as Ctrl-C would (SIGTERM: its running steps
     * are stopped, and it ends cancelled), when it runs on this machine in another process that
     * is still the one that started it. Returns whether the engine was asked.
     */
    public boolean requestCancel(RunRecord run) {
        if (run.status() != RunStatus.RUNNING || !run.host().equals(EngineHost.name())
                || run.pid() == ProcessHandle.current().pid()
                || !new ProcessIdentity(run.pid(), run.pidStart()).isAlive()) {
            return false;
        }
        return ProcessHandle.of(run.pid()).map(ProcessHandle::destroy).orElse(false);
    }

    /** The tags of run {@code runId}, by name ({@code gantry tag}). */
    public List<String> tags(String runId) {
        return store.tags().of(runId);
    }

    /** Every tag, by name, with the id of the run it points to. */
    public Map<String, String> tags() {
        return store.tags().all();
    }

    /** The store's directory: objects, logs and, for SQLite, the database. */
    public Path storeDir() {
        return store.layout().root();
    }

    /** The cache entry recorded under {@code key}, if any. */
    public Optional<CacheEntry> cacheEntry(String key) {
        return store.cache().findCacheEntry(key);
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
