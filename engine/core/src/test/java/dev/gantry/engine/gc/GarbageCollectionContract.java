package dev.gantry.engine.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.Gantry;
import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.CacheEntry;
import dev.gantry.engine.api.GcReport;
import dev.gantry.engine.api.KeepReason;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RetentionPolicy;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection of real runs (local executor, {@code sh} steps) on a real store, the same
 * whichever database holds the run store: each subclass names one.
 */
abstract class GarbageCollectionContract {
    /** How many runs each thread makes beside the collector. */
    private static final int RUNS_EACH = 12;

    @TempDir
    Path dir;

    abstract StoreLocation location(Path dir);

    /** Writes {@code value} into a file, then copies it with a line added: two objects a run. */
    private static PipelineSpec pipeline(String name, String value) {
        Pipeline p = Pipeline.named(name).param("value", value);
        var make = p.step("make").command("sh", "-c", "echo ${params.value} > ${outputs.o}")
                .output("o", ArtifactType.FILE);
        p.step("copy").command("sh", "-c", "cat ${inputs.i} > ${outputs.o}; echo copied >> ${outputs.o}")
                .input("i", make.out("o")).output("o", ArtifactType.FILE);
        return p.build();
    }

    private RunResult run(Gantry gantry, String name, String value) {
        RunResult result = gantry.run(pipeline(name, value), RunOptions.defaults().withBaseDir(dir));
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        return result;
    }

    private static List<Path> objects(RunResult run) {
        return run.steps().stream().flatMap(s -> s.outputs().values().stream()).map(OutputArtifact::path).toList();
    }

    @Test
    void keepLastRemovesOlderRunsWithTheirDirectoriesCacheEntriesAndObjectsAndKeepsTheRestCached() throws Exception {
        StoreLocation location = location(dir);
        try (Gantry gantry = Gantry.open(location)) {
            RunResult old = run(gantry, "p", "one");
            RunResult middle = run(gantry, "p", "two");
            RunResult newest = run(gantry, "p", "three");
            RunResult other = run(gantry, "q", "four");

            GcReport dry = gantry.collectGarbage(new RetentionPolicy(Optional.of(2), Optional.empty(), List.of()), true);
            assertThat(dry.runsRemoved()).containsExactly(old.runId());
            assertThat(old.runDir()).isDirectory();
            assertThat(objects(old)).allMatch(Files::exists);

            GcReport report = gantry.collectGarbage(new RetentionPolicy(Optional.of(2), Optional.empty(), List.of()),
                    false);

            assertThat(report.dryRun()).isFalse();
            assertThat(report.runsRemoved()).containsExactly(old.runId());
            assertThat(report.runsKept()).isEqualTo(Map.of(KeepReason.POLICY, 3));
            assertThat(report.cacheEntriesRemoved()).isEqualTo(2);
            assertThat(report.objectsRemoved()).isEqualTo(dry.objectsRemoved()).isEqualTo(2);
            assertThat(report.objectsKept()).isEqualTo(6);
            assertThat(report.bytesFreed()).isEqualTo(dry.bytesFreed()).isPositive();
            assertThat(old.runDir()).doesNotExist();
            try (RunHistory history = gantry.history()) {
                assertThat(history.find(old.runId())).isEmpty();
                assertThat(history.find(middle.runId())).isPresent();
            }
            assertThat(objects(middle)).allMatch(Files::exists);
            assertThat(objects(newest)).allMatch(Files::exists);
            assertThat(objects(other)).allMatch(Files::exists);

            GcReport again = gantry.collectGarbage(new RetentionPolicy(Optional.of(0), Optional.empty(), List.of()),
                    false);
            assertThat(again.runsRemoved()).containsExactly(middle.runId(), newest.runId(), other.runId());
            assertThat(again.objectsRemoved()).isEqualTo(6);
            assertThat(objects(newest)).noneMatch(Files::exists);

            RunResult rerun = run(gantry, "p", "three");
            assertThat(rerun.steps()).extracting(StepResult::status).containsOnly(StepStatus.SUCCEEDED);
        }
    }

    @Test
    void olderThanKeepsYoungRunsAndAnObjectNoRunNamesGoes() throws Exception {
        try (Gantry gantry = Gantry.open(location(dir))) {
            RunResult young = run(gantry, "p", "one");
            Path stray = dir.resolve("store/objects/sha256/ab/" + "c".repeat(62));
            Files.createDirectories(stray.getParent());
            Files.writeString(stray, "left by a step whose record was never written");

            GcReport report = gantry.collectGarbage(
                    new RetentionPolicy(Optional.empty(), Optional.of(Duration.ofDays(30)), List.of()), false);

            assertThat(report.runsRemoved()).isEmpty();
            assertThat(report.runsKept()).isEqualTo(Map.of(KeepReason.POLICY, 1));
            assertThat(report.objectsRemoved()).isEqualTo(1);
            assertThat(report.objectsKept()).isEqualTo(2);
            assertThat(stray).doesNotExist();
            assertThat(objects(young)).allMatch(Files::exists);
        }
    }

    @Test
    void taggedRunsAndRunsOfRegisteredModelVersionsKeepTheirObjects() throws Exception {
        try (Gantry gantry = Gantry.open(location(dir))) {
            RunResult tagged = run(gantry, "p", "tagged");
            RunResult registered = run(gantry, "p", "registered");
            RunResult plain = run(gantry, "p", "plain");
            // A model card as the deploy step writes one: the run, and store digests of what it registered.
            Path registry = dir.resolve("registry");
            Path version = Files.createDirectories(registry.resolve("model/v1"));
            String modelDigest = plain.steps().get(1).outputs().get("o").sha256();
            Files.writeString(version.resolve("card.json"), "{\"name\": \"model\", \"version\": \"v1\", \"run_id\": \""
                    + registered.runId() + "\", \"digests\": {\"model\": \"sha256:" + modelDigest + "\"}}");
            gantry.tag(tagged.runId(), "deployed");

            GcReport report = gantry.collectGarbage(new RetentionPolicy(Optional.of(0), Optional.empty(),
                    List.of(registry)), false);

            assertThat(report.runsRemoved()).containsExactly(plain.runId());
            assertThat(report.runsKept()).isEqualTo(Map.of(KeepReason.TAGGED, 1, KeepReason.REGISTERED_MODEL, 1));
            assertThat(objects(tagged)).allMatch(Files::exists);
            assertThat(objects(registered)).allMatch(Files::exists);
            assertThat(plain.steps().get(1).outputs().get("o").path()).exists();
            assertThat(plain.steps().get(0).outputs().get("o").path()).doesNotExist();
            try (RunHistory history = gantry.history()) {
                assertThat(history.tags(tagged.runId())).containsExactly("deployed");
            }

            assertThat(gantry.untag("deployed")).isTrue();
            GcReport after = gantry.collectGarbage(new RetentionPolicy(Optional.of(0), Optional.empty(), List.of()),
                    false);
            assertThat(after.runsRemoved()).containsExactly(tagged.runId(), registered.runId());
            assertThat(objects(tagged)).noneMatch(Files::exists);
        }
    }

    /**
     * Collection in a loop on a thread of its own beside runs on other threads (each with its own
     * engine, as separate processes have): afterwards, every kept cache entry's objects exist and
     * a rerun of every pipeline is fully cached.
     */
    @Test
    void collectionBesideConcurrentRunsLosesNothingKept() throws Exception {
        StoreLocation location = location(dir);
        try (Gantry setup = Gantry.open(location)) {
            run(setup, "warm", "0");
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger collections = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> runners = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            String pipeline = "p" + t;
            runners.add(threads.submit(() -> {
                try (Gantry gantry = Gantry.open(location)) {
                    for (int i = 0; i < RUNS_EACH; i++) {
                        // Values repeat, so runs hit the cache, and meet objects already in the store.
                        run(gantry, pipeline, String.valueOf(i % 3));
                    }
                }
                return null;
            }));
        }
        Future<?> collector = threads.submit(() -> {
            try (Gantry gantry = Gantry.open(location)) {
                while (!done.get()) {
                    gantry.collectGarbage(new RetentionPolicy(Optional.of(1), Optional.empty(), List.of()), false);
                    collections.incrementAndGet();
                }
            }
            return null;
        });
        for (Future<?> runner : runners) {
            runner.get(3, TimeUnit.MINUTES);
        }
        done.set(true);
        collector.get(1, TimeUnit.MINUTES);
        threads.shutdown();
        assertThat(collections.get()).isPositive();

        try (Gantry gantry = Gantry.open(location); RunHistory history = gantry.history()) {
            for (var run : history.runs(1000)) {
                for (StepRecord step : history.steps(run.id())) {
                    for (OutputArtifact output : step.outputs().values()) {
                        assertThat(output.path()).as("output of %s in kept run %s", step.step(), run.id()).exists();
                    }
                    Optional<CacheEntry> entry = step.cacheKey().flatMap(history::cacheEntry);
                    entry.ifPresent(e -> e.outputs().values().forEach(o -> assertThat(o.path())
                            .as("cached output of %s", e.step()).exists()));
                }
            }
            for (int t = 0; t < 3; t++) {
                // The newest run of each pipeline, which keep-last 1 keeps, had this value.
                RunResult rerun = run(gantry, "p" + t, String.valueOf((RUNS_EACH - 1) % 3));
                assertThat(rerun.steps()).extracting(StepResult::status).containsOnly(StepStatus.CACHED);
            }
        }
    }
}
