package dev.gantry.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} after known runs started through the API: every count exact, the scrape
 * accepted by promtool; runs another process makes on the store show in the store's gauges only.
 */
class MetricsTest {
    /** What the two steps of {@code chain} write: 6 bytes, then 12. */
    private static final long CHAIN_BYTES = "hello\n".length() + "hello\nworld\n".length();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private Path pipelines() throws Exception {
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(pipelines.resolve("chain.yaml"), """
                name: chain
                steps:
                  greet:
                    command: [sh, -c, 'echo hello > "${outputs.message}"']
                    outputs: {message: file}
                  extend:
                    command: [sh, -c, 'cat "${inputs.message}" > "${outputs.longer}"; echo world >> "${outputs.longer}"']
                    inputs: {message: greet.message}
                    outputs: {longer: file}
                """);
        Files.writeString(pipelines.resolve("broken.yaml"), """
                name: broken
                steps:
                  fetch:
                    command: [sh, -c, 'echo cannot reach the warehouse; exit 3']
                    outputs: {rows: file}
                """);
        return pipelines;
    }

    private GantryServer start(ServerSettings settings) {
        return GantryServer.start(settings.withPort(0), new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void metricsCountTheRunsStepsCacheAndCommitsOfTheServersRunsAndPromtoolAcceptsThem() throws Exception {
        StoreLocation store = StoreLocation.embedded(dir.resolve("store"));
        try (GantryServer server = start(ServerSettings.of(store).withPipelines(List.of(pipelines())))) {
            ServerClient client = new ServerClient(server.port());
            assertThat(runToTheEnd(client, "chain")).isEqualTo("succeeded");
            assertThat(runToTheEnd(client, "chain")).isEqualTo("succeeded");
            assertThat(runToTheEnd(client, "broken")).isEqualTo("failed");
            // A run made by another engine, as the CLI makes them, is in the store but no event of it reaches the server.
            try (Gantry cli = Gantry.open(store)) {
                assertThat(cli.run(dir.resolve("pipelines/chain.yaml"), RunOptions.defaults()).status())
                        .isEqualTo(RunStatus.SUCCEEDED);
            }

            // RunFinished reaches the meters just after the store records the end; the store is read in the background.
            Scrape scrape = client.scrapeUntil(s -> s.count("gantry_runs_finished_total{pipeline=\"broken\",status=\"failed\"}") == 1
                    && s.count("gantry_store_runs{status=\"succeeded\"}") == 3);

            assertThat(scrape.count("gantry_runs_started_total{pipeline=\"chain\"}")).isEqualTo(2);
            assertThat(scrape.count("gantry_runs_started_total{pipeline=\"broken\"}")).isEqualTo(1);
            assertThat(scrape.count("gantry_runs_finished_total{pipeline=\"chain\",status=\"succeeded\"}")).isEqualTo(2);
            assertThat(scrape.count("gantry_runs_finished_total{pipeline=\"broken\",status=\"failed\"}")).isEqualTo(1);
            assertThat(scrape.value("gantry_runs_in_progress")).contains(0.0);

            assertThat(scrape.count("gantry_steps_finished_total{pipeline=\"chain\",status=\"succeeded\"}")).isEqualTo(2);
            assertThat(scrape.count("gantry_steps_finished_total{pipeline=\"chain\",status=\"cached\"}")).isEqualTo(2);
            assertThat(scrape.count("gantry_steps_finished_total{pipeline=\"broken\",status=\"failed\"}")).isEqualTo(1);
            assertThat(scrape.count("gantry_cache_hits_total{pipeline=\"chain\"}")).isEqualTo(2);
            assertThat(scrape.count("gantry_cache_misses_total{pipeline=\"chain\"}")).isEqualTo(2);
            assertThat(scrape.count("gantry_cache_misses_total{pipeline=\"broken\"}")).isEqualTo(1);
            assertThat(scrape.count("gantry_cache_hits_total{pipeline=\"broken\"}")).isZero();

            // Only the first run of chain committed outputs: the second came from the cache, broken's step failed.
            assertThat(scrape.count("gantry_artifact_committed_bytes_total{pipeline=\"chain\"}")).isEqualTo(CHAIN_BYTES);
            assertThat(scrape.value("gantry_artifact_committed_bytes_total{pipeline=\"broken\"}")).isEmpty();
            assertThat(scrape.count("gantry_commit_duration_seconds_count{pipeline=\"chain\"}")).isEqualTo(2);
            assertThat(scrape.count("gantry_commit_duration_seconds_bucket{pipeline=\"chain\",le=\"+Inf\"}")).isEqualTo(2);
            assertThat(scrape.count("gantry_commit_duration_seconds_sum{pipeline=\"chain\"}")).isPositive();
            assertThat(scrape.count("gantry_step_duration_seconds_count{pipeline=\"chain\"}")).isEqualTo(2);
            assertThat(scrape.count("gantry_step_duration_seconds_count{pipeline=\"broken\"}")).isEqualTo(1);
            assertThat(scrape.count("gantry_step_duration_seconds_bucket{pipeline=\"broken\",le=\"+Inf\"}")).isEqualTo(1);
            assertThat(scrape.count("gantry_step_duration_seconds_bucket{pipeline=\"broken\",le=\"86400.0\"}")).isEqualTo(1);

            // The store's gauges count every run, the other engine's too, and its objects: chain's two outputs.
            assertThat(scrape.count("gantry_store_runs{status=\"succeeded\"}")).isEqualTo(3);
            assertThat(scrape.count("gantry_store_runs{status=\"failed\"}")).isEqualTo(1);
            assertThat(scrape.count("gantry_store_runs{status=\"running\"}")).isZero();
            assertThat(scrape.count("gantry_store_objects_size_bytes")).isEqualTo(CHAIN_BYTES);
            assertThat(scrape.count("jvm_threads_live_threads")).isPositive();

            assertThat(client.get("/metrics").headers().firstValue("Content-Type"))
                    .contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(scrape.text()).contains("# HELP gantry_runs_in_progress Runs under way that this server started");
            Promtool.check(scrape.text());
        }
    }

    @Test
    void healthAnswersOk() throws Exception {
        try (GantryServer server = start(ServerSettings.of(StoreLocation.embedded(dir.resolve("store"))))) {
            HttpResponse<String> health = new ServerClient(server.port()).get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        }
    }

    /** Starts {@code pipeline} through the API and waits for its run to end; returns its status. */
    private static String runToTheEnd(ServerClient client, String pipeline) throws Exception {
        HttpResponse<String> started = client.post("/api/runs", "{\"pipeline\": \"" + pipeline + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        Matcher id = Pattern.compile("\"runId\":\"([^\"]+)\"").matcher(started.body());
        assertThat(id.find()).as(started.body()).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Pattern status = Pattern.compile("^\\{[^{]*?\"status\":\"([a-z]+)\"");
        while (true) {
            String body = client.get("/api/runs/" + id.group(1)).body();
            Matcher m = status.matcher(body);
            assertThat(m.find()).as(body).isTrue();
            if (!m.group(1).equals("running")) {
                return m.group(1);
            }
            assertThat(System.nanoTime()).as("run %s still running after 60 s", id.group(1)).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
