package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cache: {max-age}} through the CLI: an expired entry runs the step again, and explain says why. */
class CacheMaxAgeCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode run() throws Exception {
        GantryProcess.Result result = GantryProcess.run(dir, "run", "p.yaml", "--json");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return JSON.readTree(result.stdout());
    }

    @Test
    void aStepWhoseEntryExpiredRunsAgainAndExplainSaysItExpired() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), """
                name: p
                steps:
                  fetch:
                    command: [sh, -c, 'date +%s%N > ${outputs.o}']
                    outputs: {o: file}
                    cache: {max-age: 1s}
                """);
        String first = run().get("run").asText();
        Thread.sleep(1_100);

        JsonNode again = run();

        assertThat(again.get("steps").get(0).get("status").asText()).isEqualTo("succeeded");
        GantryProcess.Result explained = GantryProcess.run(dir, "explain", again.get("run").asText(), "fetch");
        assertThat(explained.exitCode()).as(explained.stderr()).isZero();
        assertThat(explained.stdout()).containsPattern("\nexpired: its cached result from run " + first
                + " \\(made \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\) had expired: older than its max-age of 1s\n");
    }
}
