package dev.gantry.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.api.StoreLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fire listener hears what became of each fire, with real Quartz firing every second against a real store. */
class FireListenerTest {
    @TempDir
    Path dir;

    private final List<FireOutcome> heard = new CopyOnWriteArrayList<>();
    private final SchedulerLog log = new SchedulerLog(new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));

    private SchedulerDaemon daemon() {
        return new SchedulerDaemon(StoreLocation.embedded(dir.resolve("store")), List.of(dir.resolve("pipelines")),
                Duration.ofMillis(200), SchedulerDaemon.OnStop.FINISH, log);
    }

    private void pipeline(String misfire) throws Exception {
        Path file = Files.createDirectories(dir.resolve("pipelines")).resolve("tick.yaml");
        Files.writeString(file, """
                name: tick
                schedule: {cron: "*/1 * * * * ?", misfire: %s}
                steps:
                  work:
                    command: [sh, -c, 'echo tick']
                    cache: false
                """.formatted(misfire));
    }

    @Test
    void aListenerHearsFiresThatStartRunsAndTheMisfiresCaughtUpAfterARestart() throws Exception {
        pipeline("run-once");
        try (SchedulerDaemon daemon = daemon()) {
            daemon.onFires(heard::add);
            daemon.start();
            waitFor(() -> count(FireOutcome.Kind.STARTED) >= 1);
        }
        // Fires are missed while no scheduler runs.
        Thread.sleep(2500);
        heard.clear();
        try (SchedulerDaemon daemon = daemon()) {
            daemon.onFires(heard::add);
            daemon.start();
            waitFor(() -> count(FireOutcome.Kind.MISFIRE_CAUGHT_UP) == 1 && count(FireOutcome.Kind.STARTED) >= 1);
        }
        assertThat(heard).allSatisfy(outcome -> assertThat(outcome.schedule()).isEqualTo("tick"));
        assertThat(count(FireOutcome.Kind.MISFIRE_SKIPPED)).isZero();
    }

    @Test
    void aScheduleThatSkipsMisfiresIsHeardSkippingThem() throws Exception {
        pipeline("skip");
        try (SchedulerDaemon daemon = daemon()) {
            daemon.onFires(heard::add);
            daemon.start();
            waitFor(() -> count(FireOutcome.Kind.STARTED) >= 1);
        }
        Thread.sleep(2500);
        heard.clear();
        try (SchedulerDaemon daemon = daemon()) {
            daemon.onFires(heard::add);
            daemon.start();
            waitFor(() -> count(FireOutcome.Kind.MISFIRE_SKIPPED) == 1);
        }
        assertThat(count(FireOutcome.Kind.MISFIRE_CAUGHT_UP)).isZero();
    }

    private long count(FireOutcome.Kind kind) {
        return heard.stream().filter(outcome -> outcome.kind() == kind).count();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
