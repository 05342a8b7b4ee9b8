package dev.gantry.engine.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.GantryProcess;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run store's SQLite file made by real runs, then damaged: truncated to half its size, or
 * its header overwritten with garbage. Opening it is refused, with what to do, and leaves it
 * as it is; {@code gantry store repair} keeps a copy and saves what can be read.
 */
class DamagedStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path store;
    private Path db;

    @BeforeEach
    void twoRealRuns() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), """
                name: damaged
                params: {tag: a}
                steps:
                  first:
                    command: [sh, -c, 'echo first-${params.tag} > ${outputs.o}']
                    outputs: {o: file}
                  second:
                    command: [sh, -c, 'cat ${inputs.i} > ${outputs.o}; echo second >> ${outputs.o}']
                    inputs: {i: first.o}
                    outputs: {o: file}
                """);
        for (String tag : List.of("a", "b")) {
            GantryProcess.Result run = GantryProcess.run(dir, "run", "p.yaml", "--param", "tag=" + tag);
            assertThat(run.exitCode()).as(run.stderr()).isZero();
        }
        store = dir.resolve(".gantry").toAbsolutePath();
        db = store.resolve("gantry.db");
        // The last connection to close folds the log into the file: what is damaged next is all there is.
        assertThat(store.resolve("gantry.db-wal")).doesNotExist();
    }

    @Test
    void aTruncatedStoreIsRefusedUntouchedAndRepairKeepsACopy() throws Exception {
        long full = Files.size(db);
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            file.setLength(full / 2);
        }
        byte[] damaged = Files.readAllBytes(db);

        String why = "truncated: the file holds " + full / 2 + " bytes of the " + full + " its header gives";
        assertRefused(why, damaged);

        GantryProcess.Result repair = GantryProcess.run(dir, "store", "repair");
        assertThat(repair.exitCode()).as(repair.stdout() + repair.stderr()).isZero();
        Path copy = onlyCopy();
        String lost = "; not all could be read (database disk image is malformed)\n";
        assertThat(repair.stdout()).isEqualTo("the run store " + db + " is damaged (" + why + ")\n"
                + "kept a copy of it as " + copy + "\n"
                + "  runs: 2 rows saved\n"
                + "  step_runs: 4 rows saved\n"
                + "  attempts: 4 rows saved\n"
                + "  artifacts: 4 rows saved\n"
                // Schema 7's run_tags table makes the file longer still: the half that is left
                // holds all of step_outputs and cache_entries, and the last tables are lost.
                + "  step_outputs: 4 rows saved\n"
                + "  cache_entries: 4 rows saved\n"
                + "  schedule_fires: 0 rows saved" + lost
                + "  run_tags: 0 rows saved" + lost
                + "repaired: " + db + " now holds the 22 rows that could be read; what could not be read is lost\n");
        assertThat(Files.readAllBytes(copy)).isEqualTo(damaged);
        GantryProcess.Result runs = GantryProcess.run(dir, "runs");
        assertThat(runs.exitCode()).as(runs.stderr()).isZero();
        GantryProcess.Result again = GantryProcess.run(dir, "run", "p.yaml");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
    }

    @Test
    void aStoreWithAGarbageHeaderIsRefusedUntouchedAndRepairSavesEveryRow() throws Exception {
        byte[] garbage = new byte[DatabaseFile.HEADER_BYTES];
        new Random(7).nextBytes(garbage);
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            file.write(garbage);
        }
        byte[] damaged = Files.readAllBytes(db);

        assertRefused("file is not a database", damaged);

        GantryProcess.Result repair = GantryProcess.run(dir, "store", "repair");
        assertThat(repair.exitCode()).as(repair.stdout() + repair.stderr()).isZero();
        Path copy = onlyCopy();
        assertThat(repair.stdout()).isEqualTo("the run store " + db + " is damaged (file is not a database)\n"
                + "kept a copy of it as " + copy + "\n"
                + "  runs: 2 rows saved\n"
                + "  step_runs: 4 rows saved\n"
                + "  attempts: 4 rows saved\n"
                + "  artifacts: 4 rows saved\n"
                + "  step_outputs: 4 rows saved\n"
                + "  cache_entries: 4 rows saved\n"
                + "  schedule_fires: 0 rows saved\n"
                + "  run_tags: 0 rows saved\n"
                + "repaired: " + db + " now holds the 22 rows that could be read\n");
        assertThat(Files.readAllBytes(copy)).isEqualTo(damaged);
        JsonNode runs = JSON.readTree(GantryProcess.run(dir, "runs", "--json").stdout());
        assertThat(runs).hasSize(2);
        // The cache entries came through: nothing runs again.
        JsonNode rerun = JSON.readTree(GantryProcess.run(dir, "run", "p.yaml", "--param", "tag=b", "--json").stdout());
        for (JsonNode step : rerun.get("steps")) {
            assertThat(step.get("status").asText()).isEqualTo("cached");
        }
    }

    @Test
    void aFileOfWhichNothingCanBeReadIsLeftInPlace() throws Exception {
        byte[] garbage = new byte[16384];
        new Random(11).nextBytes(garbage);
        Files.write(db, garbage);

        GantryProcess.Result repair = GantryProcess.run(dir, "store", "repair");

        assertThat(repair.exitCode()).isEqualTo(3);
        Path copy = onlyCopy();
        assertThat(repair.stdout()).isEqualTo("the run store " + db + " is damaged (file is not a database)\n"
                + "kept a copy of it as " + copy + "\n"
                + "nothing in it could be read (file is not a database); it is left in place. To start a new store, "
                + "move it aside: mv " + db + " " + db + ".broken\n");
        assertThat(Files.readAllBytes(db)).isEqualTo(garbage);
        assertThat(repair.stderr()).isEmpty();
    }

    @Test
    void aSoundStoreIsNotRepaired() throws Exception {
        byte[] before = Files.readAllBytes(db);

        GantryProcess.Result repair = GantryProcess.run(dir, "store", "repair");

        assertThat(repair.exitCode()).isZero();
        assertThat(repair.stdout()).isEqualTo("the run store " + db + " is not damaged; nothing to repair\n");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
        assertThat(copies()).isEmpty();
    }

    @Test
    void anEmptyFileIsTakenForANewStore() throws Exception {
        Files.write(db, new byte[0]);

        GantryProcess.Result run = GantryProcess.run(dir, "run", "p.yaml");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(GantryProcess.run(dir, "runs").exitCode()).isZero();
    }

    /** Every command that opens the store refuses it, says what to do, and changes no file. */
    private void assertRefused(String why, byte[] damaged) throws Exception {
        String message = "error: the run store " + db + " is damaged (" + why + "); move it aside (mv " + db + " " + db
                + ".broken) or run 'gantry store repair --store " + store + "'\n";
        for (List<String> command : List.of(List.of("runs"), List.of("run", "p.yaml"), List.of("show", "last"))) {
            GantryProcess.Result refused = GantryProcess.run(dir, command.toArray(String[]::new));
            assertThat(refused.exitCode()).as(command.toString()).isEqualTo(3);
            assertThat(refused.stderr()).as(command.toString()).isEqualTo(message);
            assertThat(refused.stdout()).as(command.toString()).isEmpty();
        }
        assertThat(Files.readAllBytes(db)).isEqualTo(damaged);
        assertThat(store.resolve("gantry.db-wal")).doesNotExist();
        assertThat(store.resolve("gantry.db-shm")).doesNotExist();
    }

    private Path onlyCopy() throws Exception {
        List<Path> copies = copies();
        assertThat(copies).hasSize(1);
        assertThat(copies.get(0).getFileName().toString()).matches("gantry\\.db\\.damaged-\\d{8}T\\d{6}Z");
        return copies.get(0);
    }

    private List<Path> copies() throws Exception {
        try (Stream<Path> files = Files.list(store)) {
            return files.filter(p -> p.getFileName().toString().startsWith("gantry.db.damaged-")).toList();
        }
    }
}
