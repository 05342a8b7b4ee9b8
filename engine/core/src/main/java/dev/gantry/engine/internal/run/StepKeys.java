package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.hash.Cancellation;
import dev.gantry.engine.internal.cache.CacheExpiry;
import dev.gantry.engine.internal.cache.CacheKey;
import dev.gantry.engine.internal.cache.CacheKeys;
import dev.gantry.engine.internal.store.CachedOutputs;
import dev.gantry.engine.internal.verify.StoreVerifier;
import dev.gantry.engine.internal.verify.Verdict;
import dev.gantry.engine.spi.ExecutionException;
import dev.gantry.engine.spi.PreparedStep;
import dev.gantry.engine.spi.RunScope;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves a ready step's inputs and cache key, and consults and feeds the cache. Host input
 * files are hashed once per run, however many steps read them, and not at all while the
 * store's {@link dev.gantry.engine.internal.store.FileDigests} know them unchanged; the same goes for the
 * host programs and scripts that steps run.
 */
final class StepKeys {
    private final RunContext run;
    private final Function<Path, String> hostDigest;
    private final Map<Path, String> hostDigests = new HashMap<>();
    private final LastRunEntries lastRun;
    private final StoreVerifier verifier;
    /** Why a step's cache entry was passed over for its max-age, by step, from its last lookup. */
    private final Map<String, String> expiredEntries = new java.util.concurrent.ConcurrentHashMap<>();
    /** What the executor preparing this run's steps keeps for the run, such as host program digests. */
    private final RunScope scope;

    /**
     * With {@code verify}, host input files are read again even where their digests are
     * remembered; {@code lastRun} is where keys are looked up before the store is asked.
     */
    StepKeys(RunContext run, boolean verify, LastRunEntries lastRun) {
        this.run = run;
        this.lastRun = lastRun;
        this.verifier = new StoreVerifier(run.layout);
        this.hostDigest = verify ? run.hostFiles::fresh : run.hostFiles::of;
        this.scope = new PreparationScope(run.baseDir, hostDigest);
    }

    /**
     * A step with its inputs resolved.
     *
     * @param key its cache key
     * @param inputs input name to the path the step reads
     * @param cacheable whether its result may be cached
     * @param collected the inputs that collect the outputs of a matrix's trials, to be made before it runs
     * @param prepared what the executor made of it, which its attempts start from
     */
    record Resolved(CacheKey key, Map<String, Path> inputs, boolean cacheable, List<CollectedInput> collected,
            PreparedStep prepared) {}

    /** Resolves {@code name}, whose upstream steps all have outputs in {@code results}. */
    Resolved resolve(String name, Map<String, StepResult> results) {
        StepSpec step = run.pipeline.steps().get(name);
        Map<String, Path> inputs = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        List<CollectedInput> collected = new ArrayList<>();
        for (Map.Entry<String, InputSpec> in : step.inputs().entrySet()) {
            if (in.getValue() instanceof InputSpec.StepOutput ref) {
                OutputArtifact artifact = results.get(ref.step()).outputs().get(ref.output());
                inputs.put(in.getKey(), artifact.path());
                digests.put(in.getKey(), artifact.sha256());
            } else if (in.getValue() instanceof InputSpec.Collected c) {
                CollectedInput input = collect(name, in.getKey(), c, results);
                collected.add(input);
                inputs.put(in.getKey(), input.directory());
                digests.put(in.getKey(), input.digest());
            } else if (in.getValue() instanceof InputSpec.HostPath host) {
                Path path = run.baseDir.resolve(host.path()).normalize();
                if (!Files.exists(path)) {
                    throw new ExecutionException("input '" + in.getKey() + "': " + host.path()
                            + " does not exist (looked for " + path + ")");
                }
                inputs.put(in.getKey(), path);
                // Checked with its digest, once per run however many steps read it: a directory is walked.
                String input = in.getKey();
                digests.put(input, hostDigests.computeIfAbsent(path, p -> {
                    HostInputs.check(input, host.path(), p);
                    return hostDigest.apply(p);
                }));
            }
        }
        PreparedStep prepared = run.executor.prepare(run.pipeline, step, scope);
        CacheKey key = CacheKeys.of(run.pipeline, step, prepared.identity(), digests);
        // Neither served from the cache nor stored in it: the executor has said why.
        boolean cacheable = step.cache().enabled() && prepared.uncachedBecause().isEmpty();
        return new Resolved(key, inputs, cacheable, collected, prepared);
    }

    private CollectedInput collect(String step, String input, InputSpec.Collected source,
            Map<String, StepResult> results) {
        List<OutputArtifact> artifacts = new ArrayList<>();
        List<Map<String, String>> parameters = new ArrayList<>();
        for (String trial : source.trials()) {
            artifacts.add(results.get(trial).outputs().get(source.output()));
            parameters.add(run.pipeline.steps().get(trial).matrix().binding().orElse(Map.of()));
        }
        Path directory = run.layout.stepDir(run.runId, step).resolve("inputs").resolve(input);
        return new CollectedInput(directory, artifacts, parameters);
    }

    /**
     * The cached outputs for {@code key}, if the entry and every one of its objects exist. With
     * {@code verify}, each object is hashed again, and one that no longer hashes to its name is
     * moved to the store's quarantine, so that the step runs again and its commit puts good
     * bytes where the corrupt ones were.
     */
    Optional<CachedOutputs> lookup(String step, CacheKey key, boolean verify) {
        expiredEntries.remove(step);
        Optional<CachedOutputs> entry = lastRun.find(key.sha256());
        if (entry.isEmpty()) {
            entry = run.store.cache().findCachedOutputs(key.sha256());
        }
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> expired = CacheExpiry.expired(run.pipeline.steps().get(step).cache().maxAge(),
                entry.get().runId(), entry.get().createdAt(), Instant.now());
        if (expired.isPresent()) {
            expiredEntries.put(step, expired.get());
            run.notice("step '" + step + "' runs again: " + expired.get());
            return Optional.empty();
        }
        for (Map.Entry<String, OutputArtifact> output : entry.get().outputs().entrySet()) {
            OutputArtifact a = output.getValue();
            if (!Files.exists(a.path())) {
                return Optional.empty();
            }
            if (verify && !intact(step, output.getKey(), a, entry.get().runId())) {
                return Optional.empty();
            }
        }
        return entry;
    }

    private boolean intact(String step, String output, OutputArtifact artifact, String fromRun) {
        Verdict verdict;
        try {
            verdict = verifier.verify(artifact.sha256(), Cancellation.NONE);
        } catch (IOException e) {
            run.notice("cannot verify output '" + output + "' of step '" + step + "' (object "
                    + artifact.path() + "): " + e.getMessage() + "; the step runs again");
            return false;
        }
        if (verdict.corrupt()) {
            run.notice("output '" + output + "' of step '" + step + "' (cached from run " + fromRun
                    + ") is corrupt (object sha256:" + artifact.sha256() + "): " + verdict.found().orElseThrow()
                    + "; moved it to " + verdict.quarantinedAt().orElseThrow() + ", and the step runs again");
        }
        return verdict.intact();
    }

    /** Why the last lookup of {@code step} passed its entry over for its max-age, if it did. */
    Optional<String> expiredEntry(String step) {
        return Optional.ofNullable(expiredEntries.get(step));
    }

    void recordHit(String name, CacheKey key, CachedOutputs hit) {
        Instant now = Instant.now();
        run.store.records().completeStep(new StepRecord(run.runId, name, StepStatus.CACHED, Optional.of(key.sha256()),
                Optional.of(key.canonicalParts()), Optional.of(now), Optional.of(now), 0,
                Optional.of("cached from run " + hit.runId()), Optional.empty(), hit.outputs()), run.pipeline.name(),
                Optional.empty());
    }

    void recordMiss(String name, CacheKey key, String why, FailureKind kind) {
        Instant now = Instant.now();
        run.store.records().completeStep(new StepRecord(run.runId, name, StepStatus.FAILED, Optional.of(key.sha256()),
                Optional.of(key.canonicalParts()), Optional.of(now), Optional.of(now), 0, Optional.of(why),
                Optional.of(kind), Map.of()), run.pipeline.name(), Optional.empty());
    }

    /** Records a step that did not run: skipped, cancelled, or failed before it could start. */
    void recordUnrun(String name, StepStatus status, String why, Optional<FailureKind> kind) {
        run.store.records().completeStep(new StepRecord(run.runId, name, status, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(Instant.now()), 0, Optional.of(why), kind, Map.of()),
                run.pipeline.name(), Optional.empty());
    }
}
