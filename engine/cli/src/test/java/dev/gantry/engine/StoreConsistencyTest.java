package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashes and concurrent writers against a real store, with real processes. */
class StoreConsistencyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path writeChain(String name) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                params: {tag: a}
                steps:
                  first:
                    command: [sh, -c, 'echo first-${params.tag} > ${outputs.o}']
                    outputs: {o: file}
                  second:
                    command: [sh, -c, 'cat ${inputs.i} > ${outputs.o}; echo second >> ${outputs.o}']
                    inputs: {i: first.o}
                    outputs: {o: file}
                  third:
                    command: [sh, -c, 'cat ${inputs.i} > ${outputs.o}; echo third >> ${outputs.o}']
                    inputs: {i: second.o}
                    outputs: {o: file}
                """.formatted(name));
        return file;
    }

    @Test
    void crashBetweenObjectRenameAndDatabaseCommitLeavesAConsistentStore() throws Exception {
        Path file = writeChain("crash");
        GantryProcess.Result crashed = GantryProcess.run(dir, Map.of("GANTRY_FAULT_HALT_AFTER_OBJECTS", "second"),
                "run", file.toString());
        assertThat(crashed.exitCode()).isEqualTo(137);

        GantryProcess.Result runs = GantryProcess.run(dir, "runs", "--json");
        JsonNode listed = JSON.readTree(runs.stdout());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("status").asText()).isEqualTo("crashed");

        GantryProcess.Result rerun = GantryProcess.run(dir, "run", file.toString(), "--json");
        JsonNode result = JSON.readTree(rerun.stdout());
        assertThat(rerun.exitCode()).isZero();
        assertThat(result.get("steps").get(0).get("status").asText()).isEqualTo("cached");
        // Its object was renamed into place, but its record never committed: it runs again.
        assertThat(result.get("steps").get(1).get("status").asText()).isEqualTo("succeeded");
        assertThat(result.get("steps").get(2).get("status").asText()).isEqualTo("succeeded");
        assertEveryRecordedObjectExists(dir.resolve(".gantry"));
    }

    @Test
    void twoRunsSharingOneStoreBothCompleteAndLoseNoEntry() throws Exception {
        Path a = writeChain("left");
        Path b = writeChain("right");
        GantryProcess one = GantryProcess.start(dir, Map.of(), "run", a.toString(), "--json", "--param", "tag=one");
        GantryProcess two = GantryProcess.start(dir, Map.of(), "run", b.toString(), "--json", "--param", "tag=two");
        GantryProcess.Result r1 = one.finish();
        GantryProcess.Result r2 = two.finish();

        assertThat(r1.exitCode()).as(r1.stderr()).isZero();
        assertThat(r2.exitCode()).as(r2.stderr()).isZero();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".gantry/gantry.db"));
                ResultSet rs = db.createStatement().executeQuery("SELECT COUNT(*) FROM cache_entries")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(6);
        }
        assertEveryRecordedObjectExists(dir.resolve(".gantry"));
        GantryProcess.Result again = GantryProcess.run(dir, "run", a.toString(), "--json", "--param", "tag=two");
        JsonNode steps = JSON.readTree(again.stdout()).get("steps");
        for (JsonNode s : steps) {
            assertThat(s.get("status").asText()).isEqualTo("cached");
        }
    }

    static void assertEveryRecordedObjectExists(Path store) throws Exception {
        Set<String> digests = new HashSet<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + store.resolve("gantry.db"));
                ResultSet rs = db.createStatement().executeQuery("SELECT sha256 FROM step_outputs")) {
            while (rs.next()) {
                digests.add(rs.getString(1));
            }
        }
        assertThat(digests).isNotEmpty();
        for (String sha : digests) {
            assertThat(store.resolve("objects/sha256/" + sha.substring(0, 2) + "/" + sha.substring(2))).exists();
        }
    }
}
