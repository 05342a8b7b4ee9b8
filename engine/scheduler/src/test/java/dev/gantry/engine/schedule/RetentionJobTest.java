package dev.gantry.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.Gantry;
import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.spec.ArtifactType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code retention:} setting, applied by the scheduler's daily job. */
class RetentionJobTest {
    @TempDir
    Path dir;

    private RunResult run(Gantry gantry, String value) {
        Pipeline p = Pipeline.named("p").param("value", value);
        p.step("make").command("sh", "-c", "echo ${params.value} > ${outputs.o}").output("o", ArtifactType.FILE);
        return gantry.run(p.build(), RunOptions.defaults().withBaseDir(dir));
    }

    @Test
    void theDailyJobRemovesWhatTheRetentionSettingLetsGoAndLogsWhatItFreed() throws Exception {
        StoreLocation store = StoreLocation.embedded(dir.resolve("store"));
        Files.writeString(dir.resolve("gantry.yaml"), "retention: {keep-last: 1}\n");
        Files.createDirectories(dir.resolve("pipelines"));
        RunResult old;
        RunResult kept;
        try (Gantry gantry = Gantry.open(store)) {
            old = run(gantry, "one");
            kept = run(gantry, "two");
        }
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        try (SchedulerDaemon daemon = new SchedulerDaemon(store, List.of(dir.resolve("pipelines")),
                Duration.ofSeconds(10), SchedulerDaemon.OnStop.FINISH,
                new SchedulerLog(new PrintStream(logged, true, StandardCharsets.UTF_8)))) {
            daemon.start();
            daemon.collectGarbage();
        }

        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("retention: garbage collection every day at 04:00, next ");
        assertThat(log).contains("retention: removed 1 run(s), 1 cache entries and 1 object(s), ");
        try (RunHistory history = RunHistory.open(store, line -> {})) {
            assertThat(history.find(old.runId())).isEmpty();
            assertThat(history.find(kept.runId())).isPresent();
        }
    }
}
