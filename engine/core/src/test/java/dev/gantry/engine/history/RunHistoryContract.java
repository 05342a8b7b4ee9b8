package dev.gantry.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.Gantry;
import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.AttemptRecord;
import dev.gantry.engine.api.LineageLink;
import dev.gantry.engine.api.MetricValue;
import dev.gantry.engine.api.RunFilter;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.RunTrigger;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link RunHistory} reads back of real runs, the same whichever database holds the run
 * store: each subclass names one.
 */
abstract class RunHistoryContract {
    @TempDir
    Path dir;

    private StoreLocation location;
    private RunResult first;
    private RunResult second;

    /** The store to run in and read back, in {@code dir}. */
    abstract StoreLocation location(Path dir);

    /** Prepares, evaluates and reports: a host file, a chain of outputs, metrics and a failing step. */
    private static PipelineSpec pipeline(String threshold) {
        Pipeline p = Pipeline.named("scores").param("threshold", threshold);
        StepBuilder prepare = p.step("prepare").command("sh", "-c", "sort ${inputs.raw} > ${outputs.table}")
                .inputFile("raw", "raw.txt").output("table", ArtifactType.FILE);
        StepBuilder evaluate = p.step("evaluate")
                .command("sh", "-c", "echo '{\"accuracy\": 0.75, \"rows\": 4}' > ${outputs.metrics}")
                .input("table", prepare.out("table")).output("metrics", ArtifactType.METRICS);
        p.step("report").command("sh", "-c", "echo threshold ${params.threshold}; exit 5")
                .input("metrics", evaluate.out("metrics"));
        return p.build();
    }

    @BeforeEach
    void runTwice() throws Exception {
        Files.writeString(dir.resolve("raw.txt"), "b\na\nd\nc\n");
        location = location(dir);
        try (Gantry gantry = Gantry.open(location)) {
            first = gantry.run(pipeline("0.5"), RunOptions.defaults().withBaseDir(dir));
            second = gantry.run(pipeline("0.9"), RunOptions.defaults().withBaseDir(dir));
        }
    }

    private RunHistory open(List<String> notices) {
        return RunHistory.open(location, notices::add);
    }

    @Test
    void listsRunsNewestFirstAndFindsOneByIdPrefixOrLast() {
        List<String> notices = new ArrayList<>();
        try (RunHistory history = open(notices)) {
            assertThat(history.runs(10)).extracting(RunRecord::id).containsExactly(second.runId(), first.runId());
            assertThat(history.find("last").map(RunRecord::id)).contains(second.runId());
            assertThat(history.find(first.runId().substring(0, first.runId().length() - 2)).map(RunRecord::id))
                    .contains(first.runId());
            assertThat(history.find("no-such-run")).isEmpty();
            RunRecord run = history.find(first.runId()).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.pipeline()).isEqualTo("scores");
            assertThat(history.params(run)).containsExactly(Map.entry("threshold", "0.5"));
            assertThat(history.spec(run).steps()).containsOnlyKeys("prepare", "evaluate", "report");
        }
        assertThat(notices).isEmpty();
    }

    @Test
    void pagesTheRunsAFilterMatchesNewestFirstAndCountsThem() {
        try (RunHistory history = open(new ArrayList<>())) {
            RunFilter all = RunFilter.newest(1);
            assertThat(history.runs(all)).extracting(RunRecord::id).containsExactly(second.runId());
            assertThat(history.runs(all.withOffset(1))).extracting(RunRecord::id).containsExactly(first.runId());
            assertThat(history.runs(all.withOffset(2))).isEmpty();
            assertThat(history.count(all.withOffset(1))).isEqualTo(2);

            RunFilter failedScores = RunFilter.newest(10).withPipeline("scores").withStatus(RunStatus.FAILED)
                    .withTrigger(RunTrigger.API);
            assertThat(history.runs(failedScores)).extracting(RunRecord::id)
                    .containsExactly(second.runId(), first.runId());
            assertThat(history.runs(failedScores.withStatus(RunStatus.SUCCEEDED))).isEmpty();
            assertThat(history.count(failedScores.withPipeline("other"))).isZero();
            assertThat(history.runs(failedScores.withTrigger(RunTrigger.CLI))).isEmpty();

            Instant secondStart = history.find(second.runId()).orElseThrow().startedAt();
            assertThat(history.runs(failedScores.withStartedFrom(secondStart))).extracting(RunRecord::id)
                    .containsExactly(second.runId());
            assertThat(history.runs(failedScores.withStartedBefore(secondStart))).extracting(RunRecord::id)
                    .containsExactly(first.runId());
        }
    }

    @Test
    void readsStepsAttemptsAndTheKindOfAFailure() {
        try (RunHistory history = open(new ArrayList<>())) {
            List<StepRecord> steps = history.steps(second.runId());
            assertThat(steps).extracting(StepRecord::step, StepRecord::status).containsExactly(
                    Tuple.tuple("prepare", StepStatus.CACHED),
                    Tuple.tuple("evaluate", StepStatus.CACHED),
                    Tuple.tuple("report", StepStatus.FAILED));
            assertThat(steps.get(2).failureKind()).contains(FailureKind.EXIT_CODE);
            assertThat(steps.get(1).outputs().get("metrics").sha256())
                    .isEqualTo(first.step("evaluate").orElseThrow().outputs().get("metrics").sha256());
            List<AttemptRecord> attempts = history.attempts(second.runId(), "report");
            assertThat(attempts).hasSize(1);
            assertThat(attempts.get(0).exitCode()).contains(5);
            assertThat(attempts.get(0).failureKind()).contains(FailureKind.EXIT_CODE);
            assertThat(Path.of(attempts.get(0).logPath())).hasContent("threshold 0.9");
        }
    }

    @Test
    void readsTheNumbersOfEveryMetricsOutput() {
        try (RunHistory history = open(new ArrayList<>())) {
            assertThat(history.metrics(second.runId())).containsExactly(
                    new MetricValue("evaluate", "metrics", "accuracy", 0.75),
                    new MetricValue("evaluate", "metrics", "rows", 4));
        }
    }

    @Test
    void tracesEachInputToTheStepThatFirstWroteItOrToItsHostFile() {
        try (RunHistory history = open(new ArrayList<>())) {
            RunRecord rerun = history.find(second.runId()).orElseThrow();
            String table = first.step("prepare").orElseThrow().outputs().get("table").sha256();
            String metrics = first.step("evaluate").orElseThrow().outputs().get("metrics").sha256();
            List<LineageLink> links = history.lineage(rerun);
            assertThat(links).hasSize(3);
            assertThat(links.get(0)).satisfies(l -> {
                assertThat(l.step()).isEqualTo("prepare");
                assertThat(l.input()).isEqualTo("raw");
                assertThat(l.source()).isEqualTo("raw.txt");
                assertThat(l.producer()).isEmpty();
            });
            // The rerun took both from the cache: their producer is the first run.
            assertThat(links.get(1)).isEqualTo(new LineageLink("evaluate", "table", table, "prepare.table",
                    Optional.of(new LineageLink.Producer(first.runId(), "prepare", "table"))));
            assertThat(links.get(2)).isEqualTo(new LineageLink("report", "metrics", metrics, "evaluate.metrics",
                    Optional.of(new LineageLink.Producer(first.runId(), "evaluate", "metrics"))));
        }
    }

    @Test
    void findsTheCacheEntryOfAKeyAndTheOneBeforeIt() {
        try (RunHistory history = open(new ArrayList<>())) {
            String key = first.step("evaluate").orElseThrow().cacheKey().orElseThrow();
            assertThat(history.cacheEntry(key).map(e -> e.runId())).contains(first.runId());
            assertThat(history.cacheEntry("0".repeat(64))).isEmpty();
        }
    }
}
