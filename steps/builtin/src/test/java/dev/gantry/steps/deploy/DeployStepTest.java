package dev.gantry.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.steps.sdk.Json;
import dev.gantry.steps.testing.Cli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploys real models into a real registry and talks to the real server processes over HTTP. */
class DeployStepTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path work;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainTwoModels() {
        run("ingest-csv", "--source", Cli.breastCancer().toString(), "--out", work("table.arrow"));
        run("split", "--table", work("table.arrow"), "--train", work("train.arrow"), "--test", work("test.arrow"),
                "--stratify-by", "diagnosis");
        run("features", "--train", work("train.arrow"), "--test", work("test.arrow"), "--transform",
                work("transform.json"), "--train-out", work("train-f.arrow"), "--test-out", work("test-f.arrow"),
                "--label", "diagnosis", "--drop", "id");
        run("train", "--train", work("train-f.arrow"), "--label", "diagnosis", "--model", work("lr"));
        run("evaluate", "--model", work("lr"), "--table", work("test-f.arrow"), "--metrics", work("lr.json"));
        run("train", "--train", work("train-f.arrow"), "--label", "diagnosis", "--model", work("tree"), "--algorithm",
                "decision-tree");
        run("evaluate", "--model", work("tree"), "--table", work("test-f.arrow"), "--metrics", work("tree.json"));
    }

    @AfterEach
    void stopTheServers() {
        Cli.run("undeploy", "--registry", dir.resolve("registry").toString(), "--name", "bc");
    }

    @Test
    void aDeployedModelAnswersPredictionsForRawRowsAndItsCardRecordsWhereItCameFrom() throws Exception {
        JsonNode deployment = deploy("lr", Map.of("GANTRY_RUN_ID", "run-1", "GANTRY_PARAM_SEED", "42"),
                "--gate", "accuracy>=0.93", "--data", work("train.arrow") + "," + work("test.arrow"));
        String url = deployment.path("url").asText();
        assertThat(deployment.path("version").asText()).isEqualTo("v1");
        assertThat(get(url + "/health").path("status").asText()).isEqualTo("ok");
        JsonNode answer = post(url + "/predict", Json.toString(Map.of("rows", List.of(firstRow(), firstRow()))));
        assertThat(answer.path("version").asText()).isEqualTo("v1");
        assertThat(answer.path("predictions")).hasSize(2);
        assertThat(answer.path("predictions").get(0).path("label").asText()).isEqualTo("malignant");
        assertThat(answer.path("predictions").get(0).path("probabilities").path("malignant").asDouble()).isGreaterThan(0.5);

        Path version = dir.resolve("registry/bc/v1");
        assertThat(version.resolve("model/model.tribuo")).isNotEmptyFile();
        assertThat(version.resolve("transform.json")).isNotEmptyFile();
        JsonNode card = Json.read(version.resolve("card.json"));
        assertThat(card.path("run_id").asText()).isEqualTo("run-1");
        assertThat(card.path("image").asText()).isEqualTo("local");
        assertThat(card.path("params").path("seed").asText()).isEqualTo("42");
        assertThat(card.path("metrics").path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.93);
        assertThat(card.path("gates").get(0).asText()).startsWith("accuracy >= 0.93 (was 0.9");
        assertThat(card.path("model").path("hyperparameters").path("epochs").asInt()).isEqualTo(30);
        assertThat(card.path("digests").path("data").path(work("test.arrow")).asText()).startsWith("sha256:");
        assertThat(card.path("digests").path("model").asText()).startsWith("sha256:");
        assertThat(Files.readString(version.resolve("card.md"))).startsWith("# bc v1\n");
    }

    @Test
    void aBadRowIsRefusedWithTheRowAndColumnAtFault() throws Exception {
        String url = deploy("lr", Map.of()).path("url").asText();
        Map<String, Object> row = new java.util.LinkedHashMap<>(firstRow());
        row.put("mean_area", "big");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/predict"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.toString(List.of(firstRow(), row)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(response.body()).path("error").asText())
                .isEqualTo("row 1: column 'mean_area' must be a number, was \"big\"");
    }

    @Test
    void redeployingReplacesTheServerWithoutAMomentInWhichHealthFails() throws Exception {
        String url = deploy("lr", Map.of()).path("url").asText();
        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger answers = new AtomicInteger();
        Set<String> versions = ConcurrentHashMap.newKeySet();
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                try {
                    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/health"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        answers.incrementAndGet();
                        versions.add(Json.mapper().readTree(response.body()).path("version").asText());
                    } else {
                        failures.incrementAndGet();
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        });
        poller.start();
        JsonNode second = deploy("tree", Map.of());
        Thread.sleep(300);
        polling.set(false);
        poller.join();
        assertThat(second.path("version").asText()).isEqualTo("v2");
        assertThat(second.path("url").asText()).isEqualTo(url);
        assertThat(failures.get()).isZero();
        assertThat(answers.get()).isGreaterThan(20);
        assertThat(versions).containsExactlyInAnyOrder("v1", "v2");
        assertThat(get(url + "/health").path("version").asText()).isEqualTo("v2");
        long oldPid = Json.read(dir.resolve("registry/bc/serving/backend-v1.ready.json")).path("pid").asLong();
        assertThat(ProcessHandle.of(oldPid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void withATokenTheProxyAndTheServerRefuseRequestsWithoutItAndTheCardDoesNotRecordIt() throws Exception {
        JsonNode deployment = deploy("lr", Map.of("GANTRY_PARAM_TOKEN", "deploy-token-7", "GANTRY_PARAM_SEED", "42"));
        String url = deployment.path("url").asText();
        HttpResponse<String> without = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(401);
        JsonNode backend = Json.read(dir.resolve("registry/bc/serving/current.json"));
        HttpResponse<String> direct = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + backend.path("port").asInt() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(401);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/predict"))
                .header("Authorization", "Bearer deploy-token-7")
                .POST(HttpRequest.BodyPublishers.ofString(Json.toString(List.of(firstRow())))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(answer.body()).path("version").asText()).isEqualTo("v1");
        long proxyPid = Json.read(dir.resolve("registry/bc/serving/proxy.json")).path("pid").asLong();
        for (long pid : new long[] {backend.path("pid").asLong(), proxyPid}) {
            assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).contains("--read-timeout-ms")
                    .doesNotContain("deploy-token");
        }

        // A second deploy with the token finds the version served; one with another token replaces both servers.
        assertThat(deploy("lr", Map.of("GANTRY_SERVE_TOKEN", "deploy-token-7")).path("url").asText()).isEqualTo(url);
        assertThat(Json.read(dir.resolve("registry/bc/serving/current.json")).path("pid").asLong())
                .isEqualTo(backend.path("pid").asLong());
        // With --port 0 the new proxy listens on a new port; with a fixed one it takes the old one's.
        String rotatedUrl = deploy("lr", Map.of("GANTRY_SERVE_TOKEN", "deploy-token-8")).path("url").asText();
        HttpResponse<String> rotated = HTTP.send(HttpRequest.newBuilder(URI.create(rotatedUrl + "/health"))
                .header("Authorization", "Bearer deploy-token-8").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rotated.statusCode()).isEqualTo(200);

        JsonNode card = Json.read(dir.resolve("registry/bc/v1/card.json"));
        assertThat(card.path("params").path("seed").asText()).isEqualTo("42");
        assertThat(card.path("params").has("token")).isFalse();
        assertThat(Files.readString(dir.resolve("registry/bc/serving/proxy.log"))).doesNotContain("deploy-token");
    }

    @Test
    void deployRefusesAHostBeyondLoopbackWithoutATokenBeforeRegisteringAnything() {
        Cli.Result result = Cli.run("deploy", "--model", work("lr"), "--metrics", work("lr.json"), "--registry",
                dir.resolve("registry").toString(), "--name", "bc", "--host", "0.0.0.0", "--port", "0");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLine()).isEqualTo("gantry-step deploy: --host 0.0.0.0 accepts connections from other"
                + " machines, so the server needs a token: give --token TOKEN or set GANTRY_SERVE_TOKEN, and clients"
                + " send 'Authorization: Bearer TOKEN' (or give --allow-unauthenticated to serve without one)");
        assertThat(dir.resolve("registry")).doesNotExist();
    }

    @Test
    void aPortThatAnotherProgramHoldsIsNamedWithTheParamToChangeAndNothingIsRegisteredOrServed() throws Exception {
        try (java.net.ServerSocket other = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = other.getLocalPort();
            Cli.Result result = Cli.run("deploy", "--model", work("lr"), "--metrics", work("lr.json"), "--registry",
                    dir.resolve("registry").toString(), "--name", "bc", "--port", Integer.toString(port));
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.errLine()).startsWith("gantry-step deploy: port " + port + " on 127.0.0.1 is already in use"
                    + " by another program (").endsWith("), so nothing was registered or served; choose a free port with"
                    + " --port (in a pipeline, its port parameter: --param port=N), or 0 for any free one");
            assertThat(dir.resolve("registry")).doesNotExist();
        }
    }

    @Test
    void aFailedGateRegistersNothing() {
        Cli.Result result = Cli.run("deploy", "--model", work("tree"), "--metrics", work("tree.json"), "--registry",
                dir.resolve("registry").toString(), "--name", "bc", "--gate", "accuracy>=0.999", "--gate", "f1>0",
                "--gate", "auc>=0.9", "--port", "0");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLine()).matches("gantry-step deploy: the quality gate failed, so nothing was registered "
                + "or served: accuracy >= 0\\.999, but it was 0\\.9\\d+; auc >= 0\\.9: " + java.util.regex.Pattern.quote(
                        work("tree.json")) + " has no metric 'auc'; it has accuracy, confusion\\..*");
        assertThat(dir.resolve("registry")).doesNotExist();
    }

    @Test
    void deployingTheSameModelAgainKeepsItsVersionAndRegisteringAloneStartsNoServer() throws Exception {
        JsonNode first = deploy("lr", Map.of(), "--serve=false");
        JsonNode second = deploy("lr", Map.of(), "--serve=false");
        JsonNode third = deploy("tree", Map.of(), "--serve=false");
        assertThat(first.path("version").asText()).isEqualTo("v1");
        assertThat(second.path("version").asText()).isEqualTo("v1");
        assertThat(third.path("version").asText()).isEqualTo("v2");
        assertThat(first.has("url")).isFalse();
        assertThat(dir.resolve("registry/bc/serving")).doesNotExist();
    }

    @Test
    void inAStepContainerTheVersionIsRegisteredAndCheckedButNotServed() {
        Path out = dir.resolve("deployment.json");
        Cli.Result result = Cli.run(Map.of("GANTRY_EXECUTOR", "docker", "GANTRY_IMAGE", "sha256:0123"), "deploy",
                "--model", work("lr"), "--transform", work("transform.json"), "--metrics", work("lr.json"),
                "--registry", dir.resolve("registry").toString(), "--name", "bc", "--port", "0", "--out", out.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode deployment = Json.read(out);
        assertThat(deployment.path("version").asText()).isEqualTo("v1");
        assertThat(deployment.has("url")).isFalse();
        assertThat(deployment.path("not_served").asText()).isEqualTo("the step runs in a container"
                + " (GANTRY_EXECUTOR=docker), which stops a server it starts when the step ends");
        assertThat(result.err()).contains("deploy: v1 answered /health at http://127.0.0.1:")
                .contains("deploy: bc v1 is registered but not served, because the step runs in a container"
                        + " (GANTRY_EXECUTOR=docker), which stops a server it starts when the step ends. Serve it from"
                        + " the host: gantry-step serve --registry DIR --name bc --model-version v1 --port 0, where DIR"
                        + " is the host directory mounted at " + dir.resolve("registry") + " (or run deploy with the"
                        + " local executor)\n");
        assertThat(Json.read(dir.resolve("registry/bc/v1/card.json")).path("image").asText()).isEqualTo("sha256:0123");
        assertThat(dir.resolve("registry/bc/serving")).doesNotExist();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .filter(line -> line.contains(ServerProcess.MARKER) && line.contains(dir.toString())).isPresent()))
                .isEmpty();
    }

    private JsonNode deploy(String model, Map<String, String> env, String... more) {
        Path out = dir.resolve("deployment-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("deploy", "--model", work(model), "--transform",
                work("transform.json"), "--metrics", work(model + ".json"), "--registry",
                dir.resolve("registry").toString(), "--name", "bc", "--port", "0", "--out", out.toString()));
        args.addAll(List.of(more));
        Cli.Result result = Cli.run(env, args.toArray(new String[0]));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return Json.read(out);
    }

    private static Map<String, Object> firstRow() throws Exception {
        List<String> lines = Files.readAllLines(Cli.breastCancer());
        String[] names = lines.get(0).split(",");
        String[] values = lines.get(1).split(",");
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            row.put(names[i], names[i].equals("diagnosis") ? values[i] : Double.parseDouble(values[i]));
        }
        return row;
    }

    private static JsonNode get(String url) throws Exception {
        return Json.mapper().readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode post(String url, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private static void run(String... args) {
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    private static String work(String name) {
        return work.resolve(name).toString();
    }
}
