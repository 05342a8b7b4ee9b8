package dev.gantry.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.spec.ExecutorChoice;
import java.io.IOException;
import java.net.ConnectException;
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
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;

/**
 * The pipeline as local processes, {@code gantry-step} found on the {@code PATH} (the pom puts
 * {@code steps/} first on it). Deploy serves the model; the proxy listens on a free port rather
 * than 8080, and the servers are stopped after the test, whatever its outcome.
 */
class BreastCancerLocalTest extends BreastCancerEndToEnd {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private String url;

    @Override
    ExecutorChoice executor() {
        return ExecutorChoice.LOCAL;
    }

    @Override
    Map<String, String> params() {
        return Map.of("port", "0");
    }

    @Override
    void assertDeployed(BreastCancerRuns runs, JsonNode deployment, String version) throws Exception {
        assertThat(deployment.path("version").asText()).isEqualTo(version);
        assertThat(deployment.has("not_served")).isFalse();
        String served = deployment.path("url").asText();
        if (url != null) {
            assertThat(served).as("a redeploy keeps the proxy's address").isEqualTo(url);
        }
        url = served;
        JsonNode health = BreastCancerRuns.JSON_MAPPER.readTree(get(url + "/health").body());
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("version").asText()).isEqualTo(version);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/predict"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"rows\": [" + firstRow() + "]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(BreastCancerRuns.JSON_MAPPER.readTree(answer.body()).path("predictions").get(0).path("label").asText())
                .isEqualTo("malignant");
        assertThat(runs.registry().resolve("breast-cancer/" + version + "/card.json")).isNotEmptyFile();
    }

    @AfterEach
    void undeployAndCheckTheServersAreGone() throws Exception {
        Path registry = dir.resolve("pipelines/registry");
        if (!Files.isDirectory(registry)) {
            return;
        }
        Process undeploy = new ProcessBuilder(BreastCancerRuns.MODULE.resolve("../steps/gantry-step").normalize().toString(),
                "undeploy", "--registry", registry.toString(), "--name", "breast-cancer")
                .redirectErrorStream(true).start();
        String output = new String(undeploy.getInputStream().readAllBytes());
        assertThat(undeploy.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(undeploy.exitValue()).as(output).isZero();
        if (url != null) {
            Assertions.assertThatThrownBy(() -> get(url + "/health")).isInstanceOf(ConnectException.class);
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The first row of the data set as a JSON object of raw columns, a malignant case. */
    private static String firstRow() throws IOException {
        List<String> lines = Files.readAllLines(BreastCancerRuns.MODULE.resolve("../samples/data/breast_cancer.csv"));
        String[] names = lines.get(0).split(",");
        String[] values = lines.get(1).split(",");
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals("diagnosis")) {
                fields.add("\"" + names[i] + "\": " + values[i]);
            }
        }
        return "{" + String.join(", ", fields) + "}";
    }
}
