package dev.gantry.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.GantryProcess;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.ScheduleFire;
import dev.gantry.engine.internal.store.StoreLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler with real Quartz firing on seconds-level cron expressions, against a real store. */
class SchedulerDaemonTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final SchedulerLog log = new SchedulerLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));

    private Path pipeline(String name, String cron, String overlap, String misfire, String command) throws Exception {
        Path file = dir.resolve("pipelines").resolve(name + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                name: %s
                schedule: {cron: "%s", overlap: %s, misfire: %s}
                steps:
                  work:
                    command: [sh, -c, '%s']
                    cache: false
                """.formatted(name, cron, overlap, misfire, command));
        return file;
    }

    private SchedulerDaemon daemon() {
        return new SchedulerDaemon(dev.gantry.engine.api.StoreLocation.embedded(dir.resolve("store")), List.of(dir.resolve("pipelines")), Duration.ofMillis(200),
                SchedulerDaemon.OnStop.FINISH, log);
    }

    private List<ScheduleFire> fires(String name) {
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve("store")))) {
            return store.fires().of(name);
        }
    }

    private List<RunRecord> runs() {
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve("store")))) {
            return store.queries().runs(1000);
        }
    }

    private static void assertNoTwoRunsOverlap(List<RunRecord> runs) {
        List<RunRecord> sorted = runs.stream().sorted(Comparator.comparing(RunRecord::startedAt)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).startedAt()).isAfterOrEqualTo(sorted.get(i - 1).endedAt().orElseThrow());
        }
    }

    @Test
    void firesAtItsCronTimesAndRecordsEachFireWithItsRun() throws Exception {
        pipeline("tick", "*/1 * * * * ?", "skip", "run-once", "echo tick");
        try (SchedulerDaemon daemon = daemon()) {
            daemon.start();
            Thread.sleep(3500);
        }

        List<ScheduleFire> fires = fires("tick");
        assertThat(fires.size()).isBetween(2, 5);
        assertThat(fires).allSatisfy(f -> {
            assertThat(f.outcome()).isEqualTo("started");
            assertThat(f.kind()).isEqualTo("scheduled");
            assertThat(f.fireTime().toEpochMilli() % 1000).isZero();
        });
        assertThat(runs()).hasSize(fires.size());
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("tick: scheduled from ")
                .contains("cron '*/1 * * * * ?' UTC").contains("tick: scheduled fire at ");
    }

    @Test
    void overlapSkipDropsFiresThatComeWhileThePreviousRunStillRuns() throws Exception {
        pipeline("slow", "*/1 * * * * ?", "skip", "run-once", "sleep 2.2");
        try (SchedulerDaemon daemon = daemon()) {
            daemon.start();
            Thread.sleep(4500);
        }

        List<ScheduleFire> fires = fires("slow");
        assertThat(fires).anyMatch(f -> f.outcome().equals("skipped"));
        assertThat(fires).anyMatch(f -> f.outcome().equals("started"));
        assertNoTwoRunsOverlap(runs());
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("its previous run is still running (overlap: skip)");
    }

    @Test
    void overlapQueueRunsEveryFireOneAfterAnother() throws Exception {
        pipeline("queued", "*/1 * * * * ?", "queue", "run-once", "sleep 1.5");
        try (SchedulerDaemon daemon = daemon()) {
            daemon.start();
            Thread.sleep(3200);
        }

        List<ScheduleFire> fires = fires("queued");
        assertThat(fires).noneMatch(f -> f.outcome().equals("skipped"));
        assertThat(fires).allMatch(f -> f.outcome().equals("started"));
        assertThat(runs()).hasSize(fires.size());
        assertNoTwoRunsOverlap(runs());
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("behind its running run (overlap: queue)");
    }

    @Test
    void missedFiresAfterDowntimeGiveExactlyOneCatchUpUnderRunOnce() throws Exception {
        pipeline("nightly", "0 0 3 * * ?", "skip", "run-once", "echo caught up");
        recordFireDaysAgo("nightly", 3);
        try (SchedulerDaemon daemon = daemon()) {
            daemon.start();
            Thread.sleep(1500);
        }

        List<ScheduleFire> catchUps = fires("nightly").stream().filter(f -> f.kind().equals("catch-up")).toList();
        assertThat(catchUps).hasSize(1);
        assertThat(catchUps.get(0).outcome()).isEqualTo("started");
        assertThat(runs()).hasSize(1);
    }

    @Test
    void stoppingTheSchedulerThroughSeveralFiresGivesOneCatchUpWhenItStartsAgain() throws Exception {
        pipeline("often", "*/3 * * * * ?", "skip", "run-once", "echo often");
        try (SchedulerDaemon daemon = daemon()) {
            daemon.start();
            waitFor(() -> !fires("often").isEmpty());
        }
        Thread.sleep(7000);
        try (SchedulerDaemon daemon = daemon()) {
            daemon.start();
            Thread.sleep(1000);
        }

        assertThat(fires("often").stream().filter(f -> f.kind().equals("catch-up"))).hasSize(1);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("catching up once (misfire: run-once)");
    }

    @Test
    void missedFiresAfterDowntimeGiveNoCatchUpUnderSkip() throws Exception {
        pipeline("nightly", "0 0 3 * * ?", "skip", "skip", "echo caught up");
        recordFireDaysAgo("nightly", 3);
        try (SchedulerDaemon daemon = daemon()) {
            daemon.start();
            Thread.sleep(1500);
        }

        assertThat(fires("nightly")).noneMatch(f -> f.kind().equals("catch-up"));
        assertThat(runs()).isEmpty();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("none caught up (misfire: skip)");
    }

    @Test
    void twoSchedulersSharingAStoreRunEachFireExactlyOnce() throws Exception {
        pipeline("shared", "*/1 * * * * ?", "queue", "run-once", "echo shared");
        try (SchedulerDaemon one = daemon(); SchedulerDaemon two = daemon()) {
            one.start();
            two.start();
            Thread.sleep(3500);
        }

        List<ScheduleFire> fires = fires("shared");
        assertThat(fires.size()).isGreaterThanOrEqualTo(2);
        assertThat(runs()).hasSize(fires.size());
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("was taken by another scheduler");
    }

    @Test
    void addedChangedAndRemovedFilesArePickedUpWithoutARestart() throws Exception {
        Files.createDirectories(dir.resolve("pipelines"));
        try (SchedulerDaemon daemon = daemon()) {
            daemon.start();
            assertThat(daemon.scheduled()).isEmpty();

            Path file = pipeline("later", "0 0 3 * * ?", "skip", "run-once", "true");
            waitFor(() -> daemon.scheduled().containsKey("later"));
            Files.writeString(file, Files.readString(file).replace("0 0 3 * * ?", "0 30 4 * * ?"));
            waitFor(() -> daemon.scheduled().get("later").schedule().cron().equals("0 30 4 * * ?"));
            Files.delete(file);
            waitFor(() -> daemon.scheduled().isEmpty());
        }
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("later: scheduled from ")
                .contains("later: rescheduled (file changed)").contains("later: unscheduled");
    }

    @Test
    void schedulerCommandStopsCleanlyOnSigterm() throws Exception {
        pipeline("idle", "0 0 3 * * ?", "skip", "run-once", "true");
        GantryProcess scheduler = GantryProcess.start(dir, Map.of(), "scheduler", "pipelines");
        waitFor(() -> {
            try {
                return scheduler.stdoutSoFar().contains("scheduler started");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        scheduler.process().destroy();
        assertThat(scheduler.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        GantryProcess.Result result = scheduler.finish();

        assertThat(result.stdout()).as(result.stderr()).contains("idle: scheduled from ").contains("scheduler started: 1 scheduled pipeline")
                .contains("scheduler stopping; runs in progress will finish").contains("scheduler stopped");
    }

    private void recordFireDaysAgo(String name, int days) {
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve("store")))) {
            store.fires().claimFire(name, Instant.now().minus(Duration.ofDays(days)), "scheduled", "earlier:1");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
