package dev.gantry.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.api.StoreLocation;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fires of the schedules a server runs, counted in {@code /metrics}, with real Quartz firing every second. */
class SchedulerMetricsTest {
    @TempDir
    Path dir;

    @Test
    void firesThatStartARunAndFiresSkippedForAnOverlapAreCountedBySchedule() throws Exception {
        Path schedules = Files.createDirectories(dir.resolve("schedules"));
        Files.writeString(schedules.resolve("tick.yaml"), """
                name: tick
                schedule: {cron: "*/1 * * * * ?", overlap: skip}
                steps:
                  work:
                    command: [sh, -c, 'echo tick']
                    cache: false
                """);
        // Runs for 2.5 s and fires every second: the fires while it runs are skipped.
        Files.writeString(schedules.resolve("slow.yaml"), """
                name: slow
                schedule: {cron: "*/1 * * * * ?", overlap: skip}
                steps:
                  work:
                    command: [sh, -c, 'sleep 2.5']
                    cache: false
                """);
        ServerSettings settings = ServerSettings.of(StoreLocation.embedded(dir.resolve("store"))).withPort(0)
                .withSchedules(List.of(schedules)).withPoll(Duration.ofMillis(200));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (GantryServer server = GantryServer.start(settings, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            ServerClient client = new ServerClient(server.port());
            Scrape scrape = client.scrapeUntil(s ->
                    s.count("gantry_scheduler_fires_total{outcome=\"started\",schedule=\"tick\"}") >= 2
                    && s.count("gantry_scheduler_fires_total{outcome=\"skipped_overlap\",schedule=\"slow\"}") >= 2
                    && s.count("gantry_runs_finished_total{pipeline=\"slow\",status=\"succeeded\"}") >= 1);

            assertThat(scrape.count("gantry_scheduler_fires_total{outcome=\"started\",schedule=\"slow\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("gantry_scheduler_fires_total{outcome=\"failed\",schedule=\"tick\"}")).isEmpty();
            // The runs the fires started were heard through the scheduler's relay of events.
            assertThat(scrape.count("gantry_runs_started_total{pipeline=\"tick\"}")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.count("gantry_steps_finished_total{pipeline=\"slow\",status=\"succeeded\"}"))
                    .isGreaterThanOrEqualTo(1);
            Promtool.check(scrape.text());
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("slow: skipped the scheduled fire at ");
    }
}
