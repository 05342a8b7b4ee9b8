package dev.gantry.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.Gantry;
import dev.gantry.engine.GantryProcess;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run store in a real PostgreSQL database. */
@RequiresPostgres
class PostgresRunStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static PipelineSpec chain() {
        Pipeline p = Pipeline.named("pg-chain").param("n", 3);
        StepBuilder first = p.step("first").command("sh", "-c", "seq 1 ${params.n} > ${outputs.o}")
                .output("o", ArtifactType.FILE);
        p.step("second").command("sh", "-c", "wc -l < ${inputs.i} > ${outputs.o}").input("i", first.out("o"))
                .output("o", ArtifactType.FILE);
        return p.build();
    }

    @Test
    void runsAndCacheEntriesLiveInPostgresAndASecondRunIsCached() {
        String db = PostgresCheck.freshDatabase();
        RunResult first;
        RunResult second;
        RunResult changed;
        try (Gantry gantry = Gantry.open(dir.resolve("store"), db)) {
            first = gantry.run(chain(), RunOptions.defaults().withBaseDir(dir));
            second = gantry.run(chain(), RunOptions.defaults().withBaseDir(dir));
            changed = gantry.run(chain(), RunOptions.defaults().withBaseDir(dir).withParam("n", "4"));
        }

        assertThat(first.count(StepStatus.SUCCEEDED)).isEqualTo(2);
        assertThat(second.count(StepStatus.CACHED)).isEqualTo(2);
        assertThat(changed.count(StepStatus.SUCCEEDED)).isEqualTo(2);
        assertThat(dir.resolve("store/gantry.db")).doesNotExist();
        // A rerun finds its hits among the previous run's entries, read in one query.
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve("store")), db)) {
            assertThat(store.cache().lastRunEntries("pg-chain", "no-such-run"))
                    .containsOnlyKeys(changed.step("first").orElseThrow().cacheKey().orElseThrow(),
                            changed.step("second").orElseThrow().cacheKey().orElseThrow());
            assertThat(store.cache().lastRunEntries("pg-chain", changed.runId()))
                    .containsOnlyKeys(second.step("first").orElseThrow().cacheKey().orElseThrow(),
                            second.step("second").orElseThrow().cacheKey().orElseThrow());
        }
    }

    @Test
    void cliReadsTheSameRunsThroughDbOrGantryDb() throws Exception {
        String db = PostgresCheck.freshDatabase();
        Files.writeString(dir.resolve("p.yaml"), """
                name: pg-cli
                steps:
                  hello:
                    command: [sh, -c, 'echo hello > ${outputs.o}']
                    outputs: {o: file}
                """);
        GantryProcess.Result run = GantryProcess.run(dir, "run", "p.yaml", "--db", db, "--json");
        GantryProcess.Result again = GantryProcess.run(dir, Map.of("GANTRY_DB", db), "run", "p.yaml", "--json");
        GantryProcess.Result runs = GantryProcess.run(dir, Map.of("GANTRY_DB", db), "runs", "--json");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(JSON.readTree(again.stdout()).get("steps").get(0).get("status").asText()).isEqualTo("cached");
        JsonNode listed = JSON.readTree(runs.stdout());
        assertThat(listed).hasSize(2);
        assertThat(listed.get(1).get("run").asText()).isEqualTo(JSON.readTree(run.stdout()).get("run").asText());
    }

    @Test
    void everyReadCommandAnswersAlikeFromPostgresAndFromSqlite() throws Exception {
        String db = PostgresCheck.freshDatabase();
        Path sqlite = Files.createDirectories(dir.resolve("sqlite"));
        Path postgres = Files.createDirectories(dir.resolve("postgres"));
        String pipeline = """
                name: pg-reads
                params: {n: 3}
                steps:
                  count:
                    command: [sh, -c, 'seq 1 ${params.n} > ${outputs.o}; echo counted']
                    outputs: {o: file}
                  fail:
                    command: [sh, -c, 'echo "no such column" >&2; exit 4']
                    inputs: {c: count.o}
                """;
        Files.writeString(sqlite.resolve("p.yaml"), pipeline);
        Files.writeString(postgres.resolve("p.yaml"), pipeline);
        for (String n : new String[] {"3", "4"}) {
            GantryProcess.run(sqlite, "run", "p.yaml", "--param", "n=" + n);
            GantryProcess.run(postgres, Map.of("GANTRY_DB", db), "run", "p.yaml", "--param", "n=" + n);
        }

        for (String[] command : new String[][] {{"runs", "--json"}, {"runs"}, {"show", "last", "--json"},
                {"show", "last"}, {"logs", "last", "count"}, {"logs", "last", "fail"}, {"explain", "last", "count"},
                {"explain", "last", "fail"}, {"runs", "--status", "failed", "--since", "1d", "--pipeline", "pg-reads"},
                {"artifact", "last", "count.o"}, {"artifact", "last", "count.o", "--json"},
                {"lineage", "last", "count.o"}, {"lineage", "last", "count.o", "--json"},
                {"compare", "FIRST", "last"}, {"compare", "FIRST", "last", "--json"},
                {"explain", "last", "count", "--json"}, {"graph", "last"}, {"graph", "last~1", "--json"},
                {"graph", "FIRST", "--format", "mermaid"}}) {
            String sqliteFirst = JSON.readTree(GantryProcess.run(sqlite, "runs", "--json").stdout()).get(1).get("run")
                    .asText();
            String postgresFirst = JSON.readTree(GantryProcess.run(postgres, Map.of("GANTRY_DB", db), "runs", "--json")
                    .stdout()).get(1).get("run").asText();
            GantryProcess.Result fromSqlite = GantryProcess.run(sqlite, firstAs(command, sqliteFirst));
            GantryProcess.Result fromPostgres = GantryProcess.run(postgres, Map.of("GANTRY_DB", db),
                    firstAs(command, postgresFirst));
            assertThat(fromSqlite.exitCode()).as(String.join(" ", command) + ": " + fromSqlite.stderr()).isZero();
            assertThat(normalized(fromPostgres.stdout(), postgres))
                    .as(String.join(" ", command)).isEqualTo(normalized(fromSqlite.stdout(), sqlite));
        }
    }

    /** {@code command} with its word {@code FIRST} replaced by {@code run}, the store's first run. */
    private static String[] firstAs(String[] command, String run) {
        return java.util.Arrays.stream(command).map(word -> word.equals("FIRST") ? run : word).toArray(String[]::new);
    }

    /** What a command printed, less what differs between two stores anyway: run ids, paths, times. */
    private static String normalized(String output, Path dir) throws Exception {
        return output.replace(dir.toRealPath().toString(), "DIR").replace(dir.toString(), "DIR")
                .replaceAll("\\d{8}-\\d{6}-[0-9a-f]{6}", "RUN")
                .replaceAll("\"(startedAt|endedAt|createdAt)\" : \"[^\"]*\"", "\"$1\" : \"TIME\"")
                .replaceAll("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}(:\\d{2})?", "TIME")
                .replaceAll("\\b\\d{2}-\\d{2} \\d{2}:\\d{2}\\b", "TIME") // runs' short start times
                .replaceAll(" *\\b\\d+(\\.\\d+)?(ms|s)\\b", " ELAPSED")
                // Columns are as wide as their widest value, durations among them.
                .replaceAll(" {2,}", "  ");
    }

    @Test
    void aConfigFileNamesTheDatabaseSoNoCommandNeedsDb() throws Exception {
        String db = PostgresCheck.freshDatabase();
        Path config = dir.resolve("config.properties");
        Files.writeString(config, "# the team's run store\ndb = " + db + "\n");
        Files.writeString(dir.resolve("p.yaml"), "name: x\nsteps:\n  a:\n    command: [true]\n");
        GantryProcess.Result run = GantryProcess.run(dir, Map.of("GANTRY_CONFIG", config.toString()), "run", "p.yaml");
        GantryProcess.Result runs = GantryProcess.run(dir, "runs", "--db", db, "--json");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(JSON.readTree(runs.stdout())).hasSize(1);
        assertThat(dir.resolve(".gantry/gantry.db")).doesNotExist();
    }

    @Test
    void unreachableDatabaseIsOneClearStoreErrorWithThePasswordHidden() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), "name: x\nsteps:\n  a:\n    command: [true]\n");
        String url = PostgresCheck.urlFor("no_such_db_here");
        GantryProcess.Result result = GantryProcess.run(dir, "run", "p.yaml", "--db", url);

        // The store failed, not the input: 3, as for any failure of the store.
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).isEqualTo("error: cannot open the run store "
                + url.replaceAll("password=[^&]*", "password=***") + ": "
                + "FATAL: database \"no_such_db_here\" does not exist\n");
    }

    @Test
    void storeOfSchemaVersionOneIsMigratedInPlace() throws Exception {
        String db = PostgresCheck.freshDatabase();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db)) {
            dev.gantry.engine.internal.store.SchemaV1.create(c);
        }
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve(".gantry")), db)) {
            dev.gantry.engine.internal.store.SchemaV1.assertMigrated(store);
        }
    }
}
