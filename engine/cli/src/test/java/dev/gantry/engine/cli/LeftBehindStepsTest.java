package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.GantryProcess;
import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.RunTrigger;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.engine.internal.local.ProcessIdentity;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.engine.internal.store.StoredProcess;
import dev.gantry.engine.spi.EngineHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After the engine is killed with SIGKILL, the step processes it left running are stopped by
 * the next {@code resume} or {@code run} before anything starts, so a step never runs twice
 * at once. A real engine JVM, real step processes, a real store.
 */
class LeftBehindStepsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A step that appends its pid to a file outside the store; the first time, it starts a
     * background grandchild and sleeps; later, it notes whether the first one still runs.
     */
    private static final String PIPELINE = """
            name: orphans
            steps:
              slow:
                command: [sh, -c, 'echo $$ >> starts.txt; if [ -e again ]; then first=$(head -n 1 starts.txt); if [ -d /proc/$first ] && [ "$(cut -d" " -f3 /proc/$first/stat)" != Z ]; then echo both > overlap; fi; echo ok > ${outputs.o}; exit 0; fi; (sleep 300 & echo $! > grandchild.pid); sleep 300']
                outputs: {o: file}
            """;

    @TempDir
    Path dir;

    @AfterEach
    void killWhatIsLeft() throws Exception {
        for (String file : List.of("starts.txt", "grandchild.pid")) {
            if (Files.exists(dir.resolve(file))) {
                for (String line : Files.readAllLines(dir.resolve(file))) {
                    ProcessHandle.of(Long.parseLong(line.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    /** Starts the pipeline, waits until its step runs and the store records its process, then kills the engine. */
    private long startAndKillTheEngine() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), PIPELINE);
        GantryProcess engine = GantryProcess.start(dir, Map.of(), "run", "p.yaml");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(dir.resolve("grandchild.pid")) && recordedProcess().isPresent())
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long firstPid = Long.parseLong(Files.readAllLines(dir.resolve("starts.txt")).get(0).trim());
        assertThat(recordedProcess()).map(StoredProcess::pid).contains(firstPid);
        engine.process().destroyForcibly().waitFor();
        assertThat(Processes.running(firstPid)).isTrue();
        Files.writeString(dir.resolve("again"), "");
        return engine.process().pid();
    }

    private Optional<StoredProcess> recordedProcess() {
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve(".gantry")))) {
            return store.queries().runs(1).stream().findFirst()
                    .flatMap(run -> store.records().runningProcesses(run.id()).stream().findFirst());
        }
    }

    private String firstRunId() {
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve(".gantry")))) {
            List<RunRecord> runs = store.queries().runs(10);
            return runs.get(runs.size() - 1).id();
        }
    }

    private void assertTheStepRanOnceMoreAfterTheFirstEnded() throws Exception {
        List<String> starts = Files.readAllLines(dir.resolve("starts.txt"));
        assertThat(starts).hasSize(2);
        assertThat(dir.resolve("overlap")).doesNotExist();
        assertThat(Processes.running(Long.parseLong(starts.get(0).trim()))).isFalse();
        long grandchild = Long.parseLong(Files.readString(dir.resolve("grandchild.pid")).trim());
        assertThat(Processes.running(grandchild)).isFalse();
    }

    @Test
    void resumeAfterTheEngineWasKilledStopsItsStepAndRunsTheStepExactlyOnce() throws Exception {
        long enginePid = startAndKillTheEngine();
        String runId = firstRunId();
        long firstPid = Long.parseLong(Files.readAllLines(dir.resolve("starts.txt")).get(0).trim());

        GantryProcess.Result resumed = GantryProcess.run(dir, "resume", runId, "--json");

        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        assertThat(resumed.stderr()).contains("notice: stopped step 'slow' (pid " + firstPid
                + " and 2 processes it started) left running by engine pid " + enginePid + " of run " + runId + "\n");
        JsonNode run = JSON.readTree(resumed.stdout());
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertTheStepRanOnceMoreAfterTheFirstEnded();
    }

    @Test
    void nextRunOfTheStoreStopsTheStepsOfAKilledEngineBeforeStartingAnything() throws Exception {
        long enginePid = startAndKillTheEngine();
        String runId = firstRunId();
        long firstPid = Long.parseLong(Files.readAllLines(dir.resolve("starts.txt")).get(0).trim());

        GantryProcess.Result again = GantryProcess.run(dir, "run", "p.yaml");

        assertThat(again.exitCode()).as(again.stderr()).isZero();
        // Without --json, progress and notices go to standard output.
        assertThat(again.stdout()).contains("notice: stopped step 'slow' (pid " + firstPid
                + " and 2 processes it started) left running by engine pid " + enginePid + " of run " + runId);
        assertTheStepRanOnceMoreAfterTheFirstEnded();
        JsonNode runs = JSON.readTree(GantryProcess.run(dir, "runs", "--json").stdout());
        assertThat(runs.get(1).get("status").asText()).isEqualTo("crashed");
    }

    @Test
    void runWhosePidNowBelongsToAProcessThatStartedLaterShowsAsCrashed() {
        ProcessIdentity self = ProcessIdentity.current();
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve("store")))) {
            store.records().createRun("reused", () -> run("reused", Optional.of(self.startTicks().orElseThrow() + 1)), List.of());
            store.records().createRun("alive", () -> run("alive", self.startTicks()), List.of());
            store.flush();
        }
        try (RunHistory history = RunHistory.open(StoreLocation.embedded(dir.resolve("store")), line -> {})) {
            assertThat(history.find("reused").orElseThrow().status()).isEqualTo(RunStatus.CRASHED);
            assertThat(history.find("alive").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        }
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve("store")))) {
            assertThat(store.queries().run("reused").orElseThrow().status()).isEqualTo(RunStatus.CRASHED);
        }
    }

    private static RunRecord run(String id, Optional<Long> pidStart) {
        return new RunRecord(id, "p", RunStatus.RUNNING, Instant.now(), Optional.empty(), "name: p\n",
                Optional.empty(), "/", Optional.empty(), ProcessHandle.current().pid(), EngineHost.name(), pidStart,
                RunTrigger.CLI, Optional.of("local"));
    }
}
