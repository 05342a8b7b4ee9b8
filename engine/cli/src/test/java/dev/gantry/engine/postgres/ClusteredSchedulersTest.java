package dev.gantry.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.GantryProcess;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.ScheduleFire;
import dev.gantry.engine.internal.store.StoreLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two scheduler processes sharing one real PostgreSQL: Quartz clustering and fire claims. */
@RequiresPostgres
class ClusteredSchedulersTest {
    @TempDir
    Path dir;

    @Test
    void twoSchedulersFireEachTriggerOnceAndTheSurvivorTakesOverWhenOneIsKilled() throws Exception {
        String db = PostgresCheck.freshDatabase();
        Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(dir.resolve("pipelines/tick.yaml"), """
                name: tick
                schedule: {cron: "*/1 * * * * ?", overlap: queue}
                steps:
                  work:
                    command: [sh, -c, 'echo tick']
                    cache: false
                """);
        GantryProcess one = GantryProcess.start(dir, Map.of(), "scheduler", "pipelines", "--db", db);
        GantryProcess two = GantryProcess.start(dir, Map.of(), "scheduler", "pipelines", "--db", db);
        try {
            schedulersFireOnceAndTheSurvivorTakesOver(db, one, two);
        } finally {
            // A failed assertion must not leave schedulers firing (and loading the machine) forever.
            one.process().destroyForcibly();
            two.process().destroyForcibly();
        }
    }

    private void schedulersFireOnceAndTheSurvivorTakesOver(String db, GantryProcess one, GantryProcess two)
            throws Exception {
        // Fires come every second once both schedulers are up; a loaded machine takes longer to start them.
        awaitFires(db, f -> true, 5, Duration.ofSeconds(90));
        assertThat(one.process().isAlive()).as("first scheduler died: " + (one.process().isAlive() ? "" : one.finish().stderr())).isTrue();
        assertThat(two.process().isAlive()).as("second scheduler died: " + (two.process().isAlive() ? "" : two.finish().stderr())).isTrue();
        // Kill whichever scheduler has been firing; the other must take its trigger over.
        List<ScheduleFire> firesBeforeKill = fires(db);
        String firing = firesBeforeKill.get(firesBeforeKill.size() - 1).claimedBy();
        boolean oneFires = firing.endsWith(":" + one.process().pid());
        GantryProcess victim = oneFires ? one : two;
        GantryProcess second = oneFires ? two : one;
        victim.process().destroyForcibly().waitFor();
        Instant killedAt = Instant.now();
        // Quartz declares a silent node dead after its check-in interval plus 7.5 s; wait for a few
        // fires after that, rather than for a fixed time.
        Thread.sleep(16000);
        awaitFires(db, f -> f.fireTime().isAfter(killedAt.plusSeconds(10)), 3, Duration.ofSeconds(60));
        second.process().destroy();
        assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        GantryProcess.Result survivor = second.finish();

        List<ScheduleFire> fires = fires(db);
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve(".gantry")), db)) {
            // Every fire that names a run names a recorded one. A run is recorded before its fire
            // names it, so the scheduler killed with SIGKILL may leave one run that no fire names:
            // its own, and one at most.
            List<RunRecord> runs = store.queries().runs(1000);
            Set<String> named = fires.stream().flatMap(f -> f.runId().stream()).collect(Collectors.toSet());
            assertThat(runs.stream().map(RunRecord::id).toList()).containsAll(named);
            List<RunRecord> unnamed = runs.stream().filter(r -> !named.contains(r.id())).toList();
            assertThat(unnamed).hasSizeLessThanOrEqualTo(1)
                    .allMatch(r -> r.pid() == victim.process().pid(), "started by the killed scheduler");
        }
        assertThat(fires.stream().map(ScheduleFire::fireTime).distinct()).hasSameSizeAs(fires);
        assertThat(fires).anyMatch(f -> f.claimedBy().equals(firing));
        String survivorId = fires.stream().filter(f -> f.fireTime().isAfter(killedAt.plusSeconds(10)))
                .map(ScheduleFire::claimedBy).findFirst().orElseThrow(() -> new AssertionError(
                        "no fire after the first scheduler was killed; survivor's log:\n" + survivor.stdout()
                        + survivor.stderr()));
        assertThat(survivorId).isNotEqualTo(firing);
        assertThat(fires.stream().filter(f -> f.fireTime().isAfter(killedAt.plusSeconds(10))))
                .allMatch(f -> f.claimedBy().equals(survivorId));
        assertThat(survivor.stdout()).contains("scheduler stopped");
    }

    /** Waits until at least {@code count} fires match, or fails after {@code limit}. */
    private void awaitFires(String db, Predicate<ScheduleFire> which, int count, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (fires(db).stream().filter(which).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " fires within " + limit.toSeconds() + " s: "
                        + fires(db));
            }
            Thread.sleep(250);
        }
    }

    private List<ScheduleFire> fires(String db) {
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve(".gantry")), db)) {
            return store.fires().of("tick");
        }
    }
}
