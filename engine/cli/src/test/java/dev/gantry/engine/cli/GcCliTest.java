package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.GantryProcess;
import dev.gantry.engine.postgres.PostgresCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry gc} and {@code gantry tag} as a user runs them, with {@code --json} read back. */
abstract class GcCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The options that name the database, if not the store's own SQLite file. */
    abstract List<String> database();

    @BeforeEach
    void writePipeline() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), """
                name: p
                params: {value: one}
                steps:
                  make:
                    command: [sh, -c, 'echo ${params.value} > ${outputs.o}']
                    outputs: {o: file}
                """);
    }

    private GantryProcess.Result gantry(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(database());
        return GantryProcess.run(dir, all.toArray(String[]::new));
    }

    private JsonNode json(GantryProcess.Result result) throws Exception {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return JSON.readTree(result.stdout());
    }

    private String runWith(String value) throws Exception {
        return json(gantry("run", "p.yaml", "--param", "value=" + value, "--json")).get("run").asText();
    }

    @Test
    void gcRemovesOldRunsKeepsTaggedOnesAndReportsWhatItFreedAsJson() throws Exception {
        String first = runWith("one");
        String second = runWith("two");
        runWith("three");
        JsonNode tagged = json(gantry("tag", first, "deployed", "--json"));
        assertThat(tagged.get("tag").asText()).isEqualTo("deployed");
        assertThat(tagged.get("run").asText()).isEqualTo(first);

        JsonNode dry = json(gantry("gc", "--keep-last", "1", "--dry-run", "--json"));
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.get("runsRemoved").asInt()).isEqualTo(1);

        JsonNode report = json(gantry("gc", "--keep-last", "1", "--json"));

        assertThat(report.get("dryRun").asBoolean()).isFalse();
        assertThat(report.get("runsRemoved").asInt()).isEqualTo(1);
        assertThat(report.get("removedRuns").get(0).asText()).isEqualTo(second);
        assertThat(report.get("cacheEntriesRemoved").asLong()).isEqualTo(1);
        assertThat(report.get("objectsRemoved").asLong()).isEqualTo(1);
        assertThat(report.get("bytesFreed").asLong()).isEqualTo(dry.get("bytesFreed").asLong()).isPositive();
        assertThat(report.get("kept").get("runs").get("tagged").asInt()).isEqualTo(1);
        assertThat(report.get("kept").get("runs").get("policy").asInt()).isEqualTo(1);
        assertThat(report.get("kept").get("runs").get("running").asInt()).isZero();
        assertThat(report.get("kept").get("objects").asLong()).isEqualTo(2);
        assertThat(dir.resolve(".gantry/runs/" + second)).doesNotExist();

        assertThat(json(gantry("show", first, "--json")).get("tags").get(0).asText()).isEqualTo("deployed");
        GantryProcess.Result shown = gantry("show", first);
        assertThat(shown.stdout()).contains("\ntags      deployed (kept by gc)\n");
        JsonNode tags = json(gantry("tag", "--json"));
        assertThat(tags.get("tags").get("deployed").asText()).isEqualTo(first);
        GantryProcess.Result text = gantry("gc", "--keep-last", "1");
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout()).startsWith("removed 0 runs, 0 cache entries, 0 objects (0 B freed)\n"
                + "kept 2 runs (1 tagged, 1 policy) and 2 objects, in ");

        assertThat(json(gantry("tag", "--remove", "deployed", "--json")).get("removed").asText()).isEqualTo("deployed");
        JsonNode after = json(gantry("gc", "--keep-last", "1", "--json"));
        assertThat(after.get("removedRuns").get(0).asText()).isEqualTo(first);
    }

    @Test
    void aBadAgeOrAnUnknownTagIsOneLineAndExitCodeTwo() throws Exception {
        runWith("one");

        GantryProcess.Result badAge = gantry("gc", "--older-than", "3x");
        assertThat(badAge.exitCode()).isEqualTo(2);
        assertThat(badAge.stderr()).isEqualTo("error: --older-than '3x' is not an age such as 30d, 12h or 90m\n");

        GantryProcess.Result noRegistry = gantry("gc", "--keep-last", "0", "--registry", "models");
        assertThat(noRegistry.exitCode()).isEqualTo(2);
        assertThat(noRegistry.stderr()).isEqualTo("error: no model registry at models (not a directory); nothing was"
                + " removed\n");
        assertThat(json(gantry("runs", "--json"))).hasSize(1);

        GantryProcess.Result unknown = gantry("tag", "--remove", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).isEqualTo("error: no tag 'nope' in store .gantry; 'gantry tag' lists them\n");

        GantryProcess.Result badName = gantry("tag", "last", "no spaces");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.stderr()).isEqualTo("error: tag 'no spaces' is not a valid name: use 1 to 100 letters, "
                + "digits, '.', '-' or '_', starting with a letter or digit\n");
    }

    /** On the store's own SQLite file. */
    static class OnSqlite extends GcCliTest {
        @Override
        List<String> database() {
            return List.of();
        }
    }

    /** On a team's PostgreSQL database. */
    @ExtendWith(PostgresCheck.class)
    static class OnPostgres extends GcCliTest {
        private String url;

        @Override
        List<String> database() {
            if (url == null) {
                url = PostgresCheck.freshDatabase();
            }
            return List.of("--db", url);
        }
    }
}
