package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.hash.ContentDigest;
import dev.gantry.engine.internal.store.CachedOutputs;
import dev.gantry.engine.internal.store.ObjectStore;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingTest {
    @TempDir
    Path dir;

    /** source -> (scaled, label) -> report; only 'scaled' uses the parameter 'factor'. */
    private PipelineSpec pipeline(Consumer<Pipeline> tweak) {
        Pipeline p = Pipeline.named("cache-test").param("factor", 2).param("unused", "x");
        StepBuilder source = p.step("source")
                .command("sh", "-c", "seq 1 5 > ${outputs.numbers}")
                .output("numbers", ArtifactType.FILE);
        StepBuilder scaled = p.step("scaled")
                .command("sh", "-c", "while read n; do echo $((n * ${params.factor})); done < ${inputs.numbers} > ${outputs.numbers}")
                .input("numbers", source.out("numbers"))
                .output("numbers", ArtifactType.FILE);
        StepBuilder label = p.step("label")
                .command("sh", "-c", "echo numbers > ${outputs.text}")
                .output("text", ArtifactType.FILE);
        p.step("report")
                .command("sh", "-c", "cat ${inputs.label} ${inputs.numbers} > ${outputs.report}")
                .input("label", label.out("text"))
                .input("numbers", scaled.out("numbers"))
                .output("report", ArtifactType.FILE);
        tweak.accept(p);
        return p.build();
    }

    private RunResult run(PipelineSpec spec, RunOptions options) {
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            return gantry.run(spec, options.withBaseDir(dir));
        }
    }


    @Test
    void lastRunEntriesAreThoseTheNewestOtherRunOfThePipelineMadeOrTook() {
        PipelineSpec spec = pipeline(p -> {});
        RunResult first = run(spec, RunOptions.defaults());
        RunResult second = run(spec, RunOptions.defaults().withParam("factor", "3"));

        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve("store")))) {
            Map<String, CachedOutputs> last = store.cache().lastRunEntries("cache-test", "no-such-run");
            assertThat(last).containsOnlyKeys(keys(second));
            // 'source' came from the first run's cache entry; 'scaled' ran again for its parameter.
            assertThat(last.get(key(second, "source")).runId()).isEqualTo(first.runId());
            assertThat(last.get(key(second, "scaled")).runId()).isEqualTo(second.runId());
            assertThat(last.get(key(second, "scaled")).outputs().get("numbers").sha256())
                    .isEqualTo(second.step("scaled").orElseThrow().outputs().get("numbers").sha256());
            assertThat(store.cache().lastRunEntries("cache-test", second.runId())).containsOnlyKeys(keys(first));
            assertThat(store.cache().lastRunEntries("another-pipeline", "no-such-run")).isEmpty();
        }
    }

    private static String key(RunResult result, String step) {
        return result.step(step).orElseThrow().cacheKey().orElseThrow();
    }

    private static List<String> keys(RunResult result) {
        return result.steps().stream().map(s -> s.cacheKey().orElseThrow()).toList();
    }

    @Test
    void secondRunComesEntirelyFromTheCache() {
        PipelineSpec spec = pipeline(p -> {});
        RunResult first = run(spec, RunOptions.defaults());
        RunResult second = run(spec, RunOptions.defaults());

        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(first.count(StepStatus.SUCCEEDED)).isEqualTo(4);
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.count(StepStatus.CACHED)).isEqualTo(4);
        assertThat(second.step("report").orElseThrow().outputs().get("report").sha256())
                .isEqualTo(first.step("report").orElseThrow().outputs().get("report").sha256());
    }

    @Test
    void aStoreKeptOpenSeesTheEntriesAnotherOneCommittedSinceItsLastLookup() {
        PipelineSpec spec = pipeline(p -> {});
        try (Gantry waiting = Gantry.open(dir.resolve("store"))) {
            RunResult first = waiting.run(spec, RunOptions.defaults().withBaseDir(dir).withParam("factor", "3"));
            RunResult other = run(spec, RunOptions.defaults());
            RunResult again = waiting.run(spec, RunOptions.defaults().withBaseDir(dir));

            assertThat(first.count(StepStatus.SUCCEEDED)).isEqualTo(4);
            assertThat(other.count(StepStatus.SUCCEEDED)).isEqualTo(2);
            assertThat(again.count(StepStatus.CACHED)).isEqualTo(4);
        }
    }

    @Test
    void changedParameterRerunsExactlyTheStepsThatUseItAndTheirDownstream() throws Exception {
        PipelineSpec spec = pipeline(p -> {});
        run(spec, RunOptions.defaults());
        RunResult changed = run(spec, RunOptions.defaults().withParam("factor", "3"));

        assertThat(changed.statuses()).isEqualTo(Map.of(
                "source", StepStatus.CACHED,
                "label", StepStatus.CACHED,
                "scaled", StepStatus.SUCCEEDED,
                "report", StepStatus.SUCCEEDED));
        Path report = changed.step("report").orElseThrow().outputs().get("report").path();
        assertThat(Files.readAllLines(report)).containsExactly("numbers", "3", "6", "9", "12", "15");
    }

    @Test
    void parameterThatNoStepUsesChangesNothing() {
        PipelineSpec spec = pipeline(p -> {});
        run(spec, RunOptions.defaults());
        RunResult changed = run(spec, RunOptions.defaults().withParam("unused", "y"));

        assertThat(changed.count(StepStatus.CACHED)).isEqualTo(4);
    }

    @Test
    void deletedObjectForcesTheStepToRunAgain() throws Exception {
        PipelineSpec spec = pipeline(p -> {});
        RunResult first = run(spec, RunOptions.defaults());
        ObjectStore.deleteTree(first.step("label").orElseThrow().outputs().get("text").path());

        RunResult second = run(spec, RunOptions.defaults());

        assertThat(second.statuses()).containsEntry("label", StepStatus.SUCCEEDED)
                .containsEntry("source", StepStatus.CACHED)
                .containsEntry("scaled", StepStatus.CACHED);
        // The label's content is the same, so the report downstream of it is still a hit.
        assertThat(second.statuses()).containsEntry("report", StepStatus.CACHED);
        assertThat(first.step("label").orElseThrow().outputs().get("text").path()).exists();
    }

    @Test
    void failedStepLeavesNoCacheEntryAndRunsAgainNextTime() throws Exception {
        Path flag = dir.resolve("fail-once");
        Files.writeString(flag, "");
        Pipeline p = Pipeline.named("flaky");
        p.step("flaky")
                .command("sh", "-c", "echo partial > ${outputs.out}; if [ -e " + flag + " ]; then exit 3; fi")
                .output("out", ArtifactType.FILE);
        PipelineSpec spec = p.build();

        RunResult failed = run(spec, RunOptions.defaults());
        Files.delete(flag);
        RunResult retried = run(spec, RunOptions.defaults());

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.step("flaky").orElseThrow().message()).contains("exit code 3");
        assertThat(failed.step("flaky").orElseThrow().outputs()).isEmpty();
        assertThat(retried.step("flaky").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void stepWithCachingOffRunsEveryTimeAndItsUnchangedOutputStillFeedsCacheHits() {
        PipelineSpec spec = pipeline(p -> p.step("always").command("sh", "-c", "echo hi > ${outputs.o}")
                .output("o", ArtifactType.FILE).noCache());
        run(spec, RunOptions.defaults());
        RunResult second = run(spec, RunOptions.defaults());

        assertThat(second.statuses()).containsEntry("always", StepStatus.SUCCEEDED)
                .containsEntry("report", StepStatus.CACHED);
    }

    @Test
    void noCacheOptionRunsEverySelectedStep() {
        PipelineSpec spec = pipeline(p -> {});
        run(spec, RunOptions.defaults());
        RunResult again = run(spec, RunOptions.defaults().withNoCache(true));

        assertThat(again.count(StepStatus.SUCCEEDED)).isEqualTo(4);
    }

    @Test
    void changingTheCacheVersionRerunsThatStepOnly() {
        run(salted(Optional.empty()), RunOptions.defaults());
        RunResult result = run(salted(Optional.of("2")), RunOptions.defaults());

        assertThat(result.step("label").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        // The salted step wrote the same bytes, so the step reading them is still a hit.
        assertThat(result.step("consumer").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
    }

    private static PipelineSpec salted(Optional<String> version) {
        Pipeline p = Pipeline.named("salted");
        StepBuilder label = p.step("label").command("sh", "-c", "echo numbers > ${outputs.text}")
                .output("text", ArtifactType.FILE);
        version.ifPresent(label::cacheVersion);
        p.step("consumer").command("sh", "-c", "cat ${inputs.t} > ${outputs.o}").input("t", label.out("text"))
                .output("o", ArtifactType.FILE);
        return p.build();
    }

    @Test
    void editingAStepsCodeFileRerunsThatStep() throws Exception {
        Path script = dir.resolve("make.sh");
        Files.writeString(script, "echo one > \"$1\"\n");
        Pipeline p = Pipeline.named("code");
        p.step("make").command("sh", "make.sh", "${outputs.o}").code("make.sh").output("o", ArtifactType.FILE);
        PipelineSpec spec = p.build();

        run(spec, RunOptions.defaults());
        RunResult unchanged = run(spec, RunOptions.defaults());
        Files.writeString(script, "echo two > \"$1\"\n");
        RunResult edited = run(spec, RunOptions.defaults());

        assertThat(unchanged.step("make").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        assertThat(edited.step("make").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(Files.readString(edited.step("make").orElseThrow().outputs().get("o").path())).isEqualTo("two\n");
    }

    @Test
    void changedHostInputFileContentRerunsTheStepButTouchingItDoesNot() throws Exception {
        Path data = dir.resolve("data.txt");
        Files.writeString(data, "a\n");
        Pipeline p = Pipeline.named("host");
        p.step("copy").command("sh", "-c", "cp ${inputs.data} ${outputs.o}").inputFile("data", "data.txt")
                .output("o", ArtifactType.FILE);
        PipelineSpec spec = p.build();

        run(spec, RunOptions.defaults());
        Files.setLastModifiedTime(data, java.nio.file.attribute.FileTime.fromMillis(0));
        RunResult touched = run(spec, RunOptions.defaults());
        Files.writeString(data, "b\n");
        RunResult changed = run(spec, RunOptions.defaults());

        assertThat(touched.step("copy").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        assertThat(changed.step("copy").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void editedHostInputFileRerunsItsStepEvenWithItsSizeAndTimeRestored() throws Exception {
        Path data = dir.resolve("data.txt");
        Files.writeString(data, "a\n");
        // Older than the two seconds a file must have settled for its digest to be remembered.
        Thread.sleep(2_100);
        Pipeline p = Pipeline.named("host");
        p.step("copy").command("sh", "-c", "cp ${inputs.data} ${outputs.o}").inputFile("data", "data.txt")
                .output("o", ArtifactType.FILE);
        PipelineSpec spec = p.build();

        run(spec, RunOptions.defaults());
        RunResult again = run(spec, RunOptions.defaults());
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(data);
        Files.writeString(data, "b\n");
        Files.setLastModifiedTime(data, written);
        RunResult edited = run(spec, RunOptions.defaults());

        try (java.util.stream.Stream<Path> remembered = Files.list(dir.resolve("store/digests"))) {
            // The input file's digest, and that of the program the step starts: sh.
            assertThat(remembered).hasSize(2);
        }
        assertThat(again.step("copy").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        StepResult copy = edited.step("copy").orElseThrow();
        assertThat(copy.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(Files.readString(copy.outputs().get("o").path())).isEqualTo("b\n");
    }

    @Test
    void storedObjectsAreReadOnlyAndNamedByTheirDigest() throws Exception {
        RunResult result = run(pipeline(p -> {}), RunOptions.defaults());
        OutputArtifact report = result.step("report").orElseThrow().outputs().get("report");

        assertThat(Files.getPosixFilePermissions(report.path())).doesNotContain(
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
        assertThat(report.path().getParent().getFileName() + report.path().getFileName().toString())
                .isEqualTo(report.sha256());
        assertThat(ContentDigest.ofPath(report.path())).isEqualTo(report.sha256());
    }
}
