package dev.gantry.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code scale.yaml} end to end as the README says, through the real CLI with the local
 * executor and the built-in steps on the PATH, at a small size given with {@code --param}.
 */
class ScalePipelineTest {
    private static final Path PIPELINES = Path.of("").toAbsolutePath();
    private static final Path STEPS = PIPELINES.resolveSibling("steps");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;

    private JsonNode run() throws Exception {
        Map<String, String> env = Map.of("PATH", STEPS + ":" + System.getenv("PATH"));
        GantryProcess.Result result = GantryProcess.run(PIPELINES, env, "run", "scale.yaml", "--executor", "local",
                "--param", "rows=20000", "--param", "features=8", "--store", store.toString(), "--json");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return JSON.readTree(result.stdout());
    }

    private static JsonNode step(JsonNode run, String name) {
        return StreamSupport.stream(run.get("steps").spliterator(), false)
                .filter(s -> s.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void movesTheTableThroughThreeStepsAndARerunIsCachedWhole() throws Exception {
        JsonNode first = run();
        JsonNode second = run();

        assertThat(first.get("status").asText()).isEqualTo("succeeded");
        JsonNode generated = step(first, "generate").get("outputs").get("table");
        JsonNode standardized = step(first, "standardize").get("outputs").get("table");
        assertThat(generated.get("rows").asLong()).isEqualTo(20000);
        assertThat(standardized.get("rows").asLong()).isEqualTo(20000);
        Map<String, Double> summary = JSON.readValue(
                Path.of(step(first, "scan").get("outputs").get("summary").get("path").asText()).toFile(),
                JSON.getTypeFactory().constructMapType(Map.class, String.class, Double.class));
        assertThat(summary).containsEntry("rows", 20000.0).containsEntry("columns", 9.0)
                .containsEntry("bytes", standardized.get("size").asDouble());
        // The next step reads the committed object where it lies: its path is the one the store gave.
        Path log = store.resolve("runs").resolve(first.get("run").asText()).resolve("standardize/attempt-1.log");
        assertThat(Files.readString(log)).contains(generated.get("path").asText());

        assertThat(second.get("status").asText()).isEqualTo("succeeded");
        assertThat(StreamSupport.stream(second.get("steps").spliterator(), false).map(s -> s.get("status").asText()))
                .containsExactlyElementsOf(List.of("cached", "cached", "cached"));
        assertThat(step(second, "scan").get("outputs").get("summary").get("sha256"))
                .isEqualTo(step(first, "scan").get("outputs").get("summary").get("sha256"));
    }
}
