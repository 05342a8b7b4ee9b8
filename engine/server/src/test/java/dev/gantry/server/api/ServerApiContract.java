package dev.gantry.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint of the HTTP API, over a store made by real runs of real pipelines (the sweep
 * sample, and one with every kind of output, a failing step and a reader), through a real server
 * on a real port; every answer is checked against the OpenAPI file, and every operation the file
 * lists must have been asked. Each subclass names the database that holds the run records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerApiContract {
    private static final Path SWEEP = Path.of("../../samples/sweep/sweep.yaml").toAbsolutePath().normalize();

    private Path dir;

    private final Set<String> seen = new LinkedHashSet<>();
    private OpenApiDocument api;
    private GantryServer server;
    private ApiClient client;
    private RunResult sweep;
    private RunResult sweepAgain;
    private RunResult shapes;
    private RunResult shapesChanged;
    private Instant setUp;

    /** Where the store lives, in {@code dir}. */
    abstract StoreLocation location(Path dir);

    @BeforeAll
    void runPipelinesAndServe(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        api = OpenApiDocument.load();
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        ServedPipelines.write(pipelines);
        StoreLocation store = location(dir);
        try (Gantry gantry = Gantry.open(store)) {
            sweep = gantry.run(SWEEP, RunOptions.defaults());
            sweepAgain = gantry.run(SWEEP, RunOptions.defaults());
            shapes = gantry.run(pipelines.resolve("shapes.yaml"), RunOptions.defaults().withKeepGoing(true));
            shapesChanged = gantry.run(pipelines.resolve("shapes.yaml"),
                    RunOptions.defaults().withKeepGoing(true).withParam("word", "bye"));
        }
        setUp = Instant.now();
        server = GantryServer.start(ServerSettings.of(store).withPort(0).withPipelines(List.of(pipelines))
                .withSchedules(List.of(pipelines.resolve("nightly.yaml"))), new PrintStream(
                        Files.newOutputStream(dir.resolve("server.log"))));
        client = new ApiClient(server.port(), api, seen);
    }

    @AfterAll
    void everyOperationWasAskedAndTheServerStops() {
        try {
            assertThat(seen).as("operations asked").containsExactlyInAnyOrderElementsOf(api.operations());
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void listsRunsNewestFirstFilteredAndPaged() throws Exception {
        JsonNode all = client.get("/api/runs").json();
        assertThat(all.get("total").asInt()).isGreaterThanOrEqualTo(4);
        List<String> ids = ids(all);
        assertThat(ids.indexOf(shapesChanged.runId())).isLessThan(ids.indexOf(sweep.runId()));
        JsonNode sweeps = client.get("/api/runs?pipeline=sweep").json();
        assertThat(ids(sweeps)).containsExactly(sweepAgain.runId(), sweep.runId());
        JsonNode again = sweeps.get("runs").get(0);
        assertThat(again.get("trigger").asText()).isEqualTo("api");
        assertThat(again.get("steps").get("cached").asInt()).isEqualTo(again.get("steps").get("total").asInt());
        assertThat(sweeps.get("runs").get(1).get("steps").get("cached").asInt()).isZero();
        assertThat(ids(client.get("/api/runs?status=failed&pipeline=shapes&before=" + setUp).json()))
                .containsExactly(shapesChanged.runId(), shapes.runId());
        assertThat(client.get("/api/runs?trigger=schedule").json().get("total").asInt()).isZero();
        JsonNode page = client.get("/api/runs?pipeline=sweep&limit=1&offset=1").json();
        assertThat(ids(page)).containsExactly(sweep.runId());
        assertThat(page.get("total").asInt()).isEqualTo(2);
        assertThat(client.get("/api/runs?from=" + Instant.now().plusSeconds(3600)).json().get("total").asInt()).isZero();
        assertThat(client.get("/api/runs?before=" + setUp + "&pipeline=shapes").json().get("total").asInt())
                .isEqualTo(2);
        ApiClient.Answer bad = client.get("/api/runs?status=done");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText())
                .isEqualTo("status 'done': use running, succeeded, failed, cancelled or crashed");
        assertThat(client.get("/api/runs?limit=0").json().get("error").asText())
                .isEqualTo("limit '0': use a whole number from 1 to 1000");
        assertThat(client.get("/api/runs?from=yesterday").json().get("error").asText())
                .isEqualTo("from 'yesterday': not an ISO-8601 time such as 2026-12-07T10:00:00Z");
    }

    @Test
    void showsARunWithItsParamsItsDagAndItsTrialsGrouped() throws Exception {
        JsonNode run = client.get("/api/runs/" + sweep.runId()).json();
        assertThat(run.get("pipeline").asText()).isEqualTo("sweep");
        assertThat(run.get("params").get("target").asText()).isEqualTo("90");
        assertThat(run.get("pipelineFile").asText()).isEqualTo(SWEEP.toString());
        JsonNode score = step(run, "score-2");
        assertThat(score.get("trialOf").asText()).isEqualTo("score");
        assertThat(score.get("trialValues").get("offset").asText()).isEqualTo("3");
        assertThat(texts(score.get("dependsOn"))).containsExactlyInAnyOrder("fit-2", "points");
        assertThat(step(run, "points").has("trialOf")).isFalse();
        assertThat(client.get("/api/runs/" + sweep.runId().substring(0, sweep.runId().length() - 1)).json().get("id").asText())
                .isEqualTo(sweep.runId());
        ApiClient.Answer missing = client.get("/api/runs/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).isEqualTo("no run 'nope' in the store");
        JsonNode metrics = client.get("/api/runs/" + sweep.runId() + "/metrics").json();
        assertThat(metrics.findValuesAsText("name")).contains("score");
        JsonNode trials = client.get("/api/runs/" + sweep.runId() + "/trials").json();
        assertThat(trials.findValuesAsText("trialOf")).contains("fit", "score");
        JsonNode trial = find(trials, t -> t.get("step").asText().equals("score-4"));
        assertThat(trial.get("values").get("slope").asText()).isEqualTo("3");
        assertThat(trial.get("metrics").get("metrics.score").asDouble()).isEqualTo(95.0);
    }

    @Test
    void showsAFailedStepsRecordAndACachedStepsSource() throws Exception {
        JsonNode broken = client.get("/api/runs/" + shapes.runId() + "/steps/broken").json();
        assertThat(broken.get("status").asText()).isEqualTo("failed");
        JsonNode failure = broken.get("failure");
        assertThat(failure.get("kind").asText()).isEqualTo("exit-code");
        assertThat(failure.get("exitCode").asInt()).isEqualTo(3);
        assertThat(texts(failure.get("logTail"))).contains("about to fail: no space left for the report");
        assertThat(broken.get("attemptList").get(0).get("exitCode").asInt()).isEqualTo(3);
        JsonNode cached = client.get("/api/runs/" + sweepAgain.runId() + "/steps/score-1").json();
        assertThat(cached.get("status").asText()).isEqualTo("cached");
        assertThat(cached.get("cachedFrom").asText()).isEqualTo(sweep.runId());
        assertThat(cached.get("metrics").get("metrics.score").asDouble()).isEqualTo(10.0);
        assertThat(client.get("/api/runs/" + sweep.runId() + "/steps/nope").json().get("error").asText())
                .isEqualTo("run " + sweep.runId() + " has no step 'nope'");
    }

    @Test
    void explainsAHitAndTheChangeBehindAMiss() throws Exception {
        JsonNode hit = client.get("/api/runs/" + sweepAgain.runId() + "/steps/points/explain").json();
        assertThat(hit.get("verdict").asText()).isEqualTo("hit");
        assertThat(texts(hit.get("keyParts"))).anyMatch(part -> part.startsWith("command: "));
        JsonNode miss = client.get("/api/runs/" + shapesChanged.runId() + "/steps/notes/explain").json();
        assertThat(miss.get("verdict").asText()).isEqualTo("miss");
        assertThat(miss.get("comparedWith").get("runId").asText()).isEqualTo(shapes.runId());
        assertThat(texts(miss.get("changes"))).anyMatch(change -> change.contains("hello") && change.contains("bye"));
        JsonNode tree = client.get("/api/runs/" + shapes.runId() + "/steps/tree/explain").json();
        assertThat(texts(tree.get("keyParts"))).contains("env.TREE_SAUCE: (hidden)")
                .noneMatch(part -> part.contains("tomato-42"));
    }

    @Test
    void readsALogWholeByRangeAndFollowed() throws Exception {
        String path = "/api/runs/" + shapes.runId() + "/steps/notes/log";
        ApiClient.Answer whole = client.get(path);
        assertThat(whole.body()).isEqualTo("writing notes\nline two\n");
        assertThat(whole.header("X-Log-Size")).contains("23");
        assertThat(client.get(path + "?offset=14&length=4").body()).isEqualTo("line");
        assertThat(client.get(path + "?attempt=2").json().get("error").asText())
                .isEqualTo("step 'notes' of run " + shapes.runId() + " has no attempt '2' with a log (it has 1)");
        assertThat(client.get(path + "?offset=-1").status()).isEqualTo(400);
        List<ApiClient.Event> events = client.events(path + "/follow", "end", Duration.ofSeconds(20));
        assertThat(events.get(0).name()).isEqualTo("log");
        assertThat(events.get(0).json().get("text").asText()).isEqualTo("writing notes\nline two\n");
        assertThat(events.get(events.size() - 1).json().get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void previewsEveryKindOfOutput() throws Exception {
        String outputs = "/api/runs/" + shapes.runId() + "/steps/";
        JsonNode table = client.get(outputs + "table/outputs/table?offset=1&limit=2").json();
        assertThat(table.get("rows").asInt()).isEqualTo(3);
        assertThat(table.get("table").get("fields").findValuesAsText("name")).containsExactly("id", "label");
        assertThat(table.get("table").get("rows").toString()).isEqualTo("[[2,\"two\"],[3,\"three\"]]");
        JsonNode file = client.get(outputs + "notes/outputs/notes").json().get("file");
        assertThat(file.get("text").asBoolean()).isTrue();
        assertThat(file.get("head").asText()).isEqualTo("hello\n");
        JsonNode tree = client.get(outputs + "tree/outputs/tree").json().get("dir");
        assertThat(tree.get("entries").findValuesAsText("name")).containsExactly("a.txt", "sub");
        JsonNode inside = client.get(outputs + "tree/outputs/tree?path=sub/b.txt").json().get("dir");
        assertThat(inside.get("file").get("head").asText()).isEqualTo("b\n");
        ApiClient.Answer escape = client.get(outputs + "tree/outputs/tree?path=../../../etc/passwd");
        assertThat(escape.status()).isEqualTo(400);
        assertThat(escape.json().get("error").asText())
                .isEqualTo("path '../../../etc/passwd' leaves the directory; use a path inside it");
        JsonNode metrics = client.get("/api/runs/" + sweep.runId() + "/steps/score-1/outputs/metrics").json();
        assertThat(metrics.get("metrics").get("score").asInt()).isEqualTo(10);
        assertThat(client.get(outputs + "broken/outputs/report").json().get("error").asText())
                .isEqualTo("step 'broken' of run " + shapes.runId() + " has no output 'report' (it has none: it is failed)");
    }

    @Test
    void tracesWhoWroteAnArtifactAndWhoReadIt() throws Exception {
        JsonNode notes = client.get("/api/runs/" + shapes.runId() + "/steps/notes").json();
        String digest = notes.get("outputs").get(0).get("digest").asText();
        JsonNode lineage = client.get("/api/lineage/" + digest).json();
        assertThat(lineage.get("producers").findValuesAsText("runId")).contains(shapes.runId());
        JsonNode reader = find(lineage.get("readers"), r -> r.get("runId").asText().equals(shapes.runId()));
        assertThat(reader.get("step").asText()).isEqualTo("reader");
        assertThat(reader.get("input").asText()).isEqualTo("notes");
        assertThat(client.get("/api/lineage/abc").json().get("error").asText())
                .isEqualTo("'abc' is not a digest: use the 64 lower-case hex digits of a SHA-256");
    }

    @Test
    void comparesAPipelinesRunsAndListsPipelinesAndSchedules() throws Exception {
        JsonNode runs = client.get("/api/pipelines/sweep/metrics").json();
        assertThat(runs.findValuesAsText("runId")).containsExactly(sweep.runId(), sweepAgain.runId());
        assertThat(runs.get(0).get("metrics").get("score-4.metrics.score").asDouble()).isEqualTo(95.0);
        JsonNode pipelines = client.get("/api/pipelines").json();
        assertThat(pipelines.findValuesAsText("name")).contains("shapes", "slow", "nightly", "broken-yaml");
        JsonNode broken = find(pipelines, p -> p.get("name").asText().equals("broken-yaml"));
        assertThat(broken.get("startable").asBoolean()).isFalse();
        assertThat(broken.get("problem").asText()).contains("broken-yaml.yaml");
        JsonNode slow = find(pipelines, p -> p.get("name").asText().equals("slow"));
        assertThat(slow.get("params").toString()).isEqualTo("{\"lines\":\"2\",\"pidfile\":\"/dev/null\"}");
        JsonNode schedules = client.get("/api/schedules").json();
        assertThat(schedules.get(0).get("pipeline").asText()).isEqualTo("nightly");
        assertThat(schedules.get(0).get("next")).hasSize(5);
    }

    @Test
    void startsFollowsAndCancelsARunAndRerunsFromAStep() throws Exception {
        Path pidFile = dir.resolve("wait.pid");
        ApiClient.Answer started = client.post("/api/runs", "{\"pipeline\": \"slow\", \"params\": {\"lines\": 3,"
                + " \"pidfile\": \"" + pidFile + "\"}}");
        assertThat(started.status()).isEqualTo(201);
        String runId = started.json().get("runId").asText();
        JsonNode run = client.get("/api/runs/" + runId).json();
        assertThat(run.get("trigger").asText()).isEqualTo("ui");
        assertThat(run.get("params").get("lines").asText()).isEqualTo("3");
        // A follower of a step that is still running sees its lines, then the end, and closes.
        List<ApiClient.Event> log = client.events("/api/runs/" + runId + "/steps/talk/log/follow", "end",
                Duration.ofSeconds(60));
        assertThat(String.join("", log.stream().filter(e -> e.name().equals("log"))
                .map(e -> e.json().get("text").asText()).toList())).isEqualTo("line 1\nline 2\nline 3\n");
        assertThat(log.get(log.size() - 1).json().get("status").asText()).isEqualTo("succeeded");
        List<ApiClient.Event> live = client.events("/api/runs/" + runId + "/live", "run", Duration.ofSeconds(10));
        assertThat(live.get(0).json().get("id").asText()).isEqualTo(runId);
        assertThat(client.events("/api/runs/live", "runs", Duration.ofSeconds(10)).get(0).json()
                .get("runs").get(0).get("id").asText()).isEqualTo(waitFor(runId, RunStatus.RUNNING).get("id").asText());
        // The waiting step is stopped by a cancel, and the run ends cancelled.
        JsonNode cancelling = client.post("/api/runs/" + runId + "/cancel", "").json();
        assertThat(cancelling.get("cancelling").asBoolean()).isTrue();
        JsonNode cancelled = waitFor(runId, RunStatus.CANCELLED);
        assertThat(step(cancelled, "wait").get("status").asText()).isEqualTo("cancelled");
        long waitPid = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(waitPid).map(ProcessHandle::isAlive)).as("the waiting step's process")
                .isNotEqualTo(java.util.Optional.of(true));
        ApiClient.Answer again = client.post("/api/runs/" + runId + "/cancel", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).isEqualTo("run " + runId + " is not running (it is cancelled)");

        ApiClient.Answer rerun = client.post("/api/runs/" + shapes.runId() + "/rerun", "{\"from\": \"reader\"}");
        String rerunId = rerun.json().get("runId").asText();
        JsonNode done = waitForEnd(rerunId);
        assertThat(done.get("parentRun").asText()).isEqualTo(shapes.runId());
        assertThat(step(done, "reader").get("status").asText()).isEqualTo("succeeded");
        assertThat(step(done, "notes").get("status").asText()).isEqualTo("cached");
    }

    @Test
    void refusesBadActionsWithAReason() throws Exception {
        ApiClient.Answer unknown = client.post("/api/runs", "{\"pipeline\": \"nope\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo(
                "this server knows no pipeline 'nope'; give its file to gantry server with --pipelines or --schedule");
        ApiClient.Answer badParam = client.post("/api/runs", "{\"pipeline\": \"slow\", \"params\": {\"colour\": 1}}");
        assertThat(badParam.status()).isEqualTo(400);
        assertThat(badParam.json().get("error").asText()).contains("colour");
        ApiClient.Answer badValue = client.post("/api/runs", "{\"pipeline\": \"slow\", \"params\": {\"lines\": \"many\"}}");
        assertThat(badValue.status()).isEqualTo(400);
        assertThat(badValue.json().get("error").asText()).isEqualTo("param 'lines' must be an int, got 'many'");
        assertThat(client.post("/api/runs", "[1]").json().get("error").asText()).isEqualTo("the body must be a JSON object");
        assertThat(client.post("/api/runs", "{").status()).isEqualTo(400);
        assertThat(client.post("/api/runs", "{\"pipeline\": \"broken-yaml\"}").status()).isEqualTo(400);
        assertThat(client.post("/api/runs/" + shapes.runId() + "/rerun", "{\"from\": \"nope\"}").json().get("error")
                .asText()).isEqualTo("run " + shapes.runId() + " has no step 'nope'");
        var noCsrf = client.raw(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(client.base() + "/api/runs")).POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString("{\"pipeline\": \"slow\"}")));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(noCsrf.body()).contains("X-Gantry-CSRF");
    }

    @Test
    void answersHealthItsOwnDescriptionAndUnknownPathsAsJson() throws Exception {
        assertThat(client.get("/health").json().get("status").asText()).isEqualTo("ok");
        assertThat(client.get("/metrics").body()).contains("gantry_store_runs");
        var description = client.raw(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(client.base() + "/api/openapi.yaml")));
        try (var in = GantryServer.class.getResourceAsStream("openapi.yaml")) {
            assertThat(description.body()).isEqualTo(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        var unknown = client.raw(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.base() + "/api/nope")));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no such page or API: GET /api/nope\",\"status\":404}");
    }

    private JsonNode waitForEnd(String runId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode run = client.get("/api/runs/" + runId).json();
        while (run.get("status").asText().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            run = client.get("/api/runs/" + runId).json();
        }
        return run;
    }

    private JsonNode waitFor(String runId, RunStatus status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode run = client.get("/api/runs/" + runId).json();
        while (!run.get("status").asText().equals(status.label()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            run = client.get("/api/runs/" + runId).json();
        }
        assertThat(run.get("status").asText()).as("run %s", runId).isEqualTo(status.label());
        return run;
    }

    private static JsonNode step(JsonNode run, String name) {
        return find(run.get("stepList"), s -> s.get("name").asText().equals(name));
    }

    private static JsonNode find(JsonNode array, Predicate<JsonNode> which) {
        for (JsonNode item : array) {
            if (which.test(item)) {
                return item;
            }
        }
        throw new AssertionError("none matches in " + array);
    }

    private static List<String> ids(JsonNode page) {
        return page.get("runs").findValuesAsText("id");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
