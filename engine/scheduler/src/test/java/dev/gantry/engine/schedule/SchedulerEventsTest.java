package dev.gantry.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.ScheduleFire;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.spec.FailureKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener subscribed to the scheduler hears every run it starts, each on an engine of its
 * own, with real Quartz firing every second against a real store; and the scheduler's log says
 * how each run went.
 */
class SchedulerEventsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final List<RunEvent> heard = new CopyOnWriteArrayList<>();

    private void pipeline(String name, String command) throws Exception {
        Path file = dir.resolve("pipelines").resolve(name + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                name: %s
                schedule: {cron: "*/1 * * * * ?", overlap: skip}
                steps:
                  work:
                    command: [sh, -c, '%s']
                    cache: false
                """.formatted(name, command));
    }

    @Test
    void aListenerSubscribedToTheSchedulerHearsEveryRunItStarts() throws Exception {
        pipeline("tick", "echo tick");
        pipeline("broken", "echo cannot reach the warehouse; exit 3");
        SchedulerLog log = new SchedulerLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        try (SchedulerDaemon daemon = new SchedulerDaemon(StoreLocation.embedded(dir.resolve("store")),
                List.of(dir.resolve("pipelines")), Duration.ofMillis(200), SchedulerDaemon.OnStop.FINISH, log)) {
            daemon.subscribe(heard::add);
            daemon.start();
            waitFor(() -> finishedRuns("tick") >= 2 && finishedRuns("broken") >= 2);
        }

        List<ScheduleFire> fires;
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve("store")))) {
            fires = new java.util.ArrayList<>(store.fires().of("tick"));
            fires.addAll(store.fires().of("broken"));
        }
        Map<String, List<RunEvent>> byRun = heard.stream().collect(Collectors.groupingBy(RunEvent::runId));
        // Every run a fire started was heard, from its start to its end, and nothing else was.
        assertThat(byRun.keySet()).containsExactlyInAnyOrderElementsOf(
                fires.stream().map(ScheduleFire::runId).flatMap(Optional::stream).toList());
        byRun.forEach((runId, events) -> {
            assertThat(events.get(0)).isInstanceOf(RunEvent.RunStarted.class);
            assertThat(events.get(events.size() - 1)).isInstanceOf(RunEvent.RunFinished.class);
            assertThat(events).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("RunStarted", "StepStarted", "StepOutput", "StepFinished", "RunFinished");
            RunEvent.RunFinished finished = (RunEvent.RunFinished) events.get(events.size() - 1);
            assertThat(finished.result().runId()).isEqualTo(runId);
            assertThat(finished.result().status())
                    .isEqualTo(finished.pipeline().equals("tick") ? RunStatus.SUCCEEDED : RunStatus.FAILED);
        });
        RunEvent.StepFinished failed = heard.stream()
                .filter(e -> e instanceof RunEvent.StepFinished f && f.pipeline().equals("broken"))
                .map(RunEvent.StepFinished.class::cast).findFirst().orElseThrow();
        StepFailure failure = failed.result().failure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.EXIT_CODE);
        assertThat(failure.logTail()).containsExactly("cannot reach the warehouse");

        String text = logBytes.toString(StandardCharsets.UTF_8);
        String tick = heard.stream().filter(e -> e.pipeline().equals("tick")).findFirst().orElseThrow().runId();
        Path stepLog = failure.log().orElseThrow();
        assertThat(text).contains(" tick: scheduled fire at ").contains(" started run " + tick + "\n")
                .contains(" tick: run " + tick + " succeeded (1 ran, 0 cached)\n")
                .contains(" broken: run " + failed.runId() + ": step 'work' failed (exit-code): exit code 3; log: "
                        + stepLog + "\n")
                .contains(" broken: run " + failed.runId() + " failed (0 ran, 0 cached)\n");
    }

    /** How many runs of {@code pipeline} have been heard to finish. */
    private long finishedRuns(String pipeline) {
        return heard.stream().filter(e -> e instanceof RunEvent.RunFinished && e.pipeline().equals(pipeline)).count();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
