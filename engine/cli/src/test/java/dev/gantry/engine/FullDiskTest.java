package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs whose store is on a real filesystem of 2 MiB that fills up: while a step writes its
 * output, while its outputs move into the store, and while the run store records it. Each
 * ends with its step failed and one message that says the disk is full and where, the space
 * its scratch took given back, and a store whose next run works.
 */
class FullDiskTest {
    @TempDir
    Path dir;

    private SmallFilesystem disk;

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    private Path store(String options) throws Exception {
        disk = SmallFilesystem.mount(dir.resolve("store"), options);
        return disk.dir();
    }

    private Path pipeline(String command) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                name: full
                params: {fill: 0}
                steps:
                  train:
                    command: [sh, -c, '%s']
                    outputs: {model: file}
                """.formatted(command));
        return file;
    }

    @Test
    void aStepThatWritesMoreThanFitsFailsSayingTheDiskIsFull() throws Exception {
        Path store = store("size=2m");
        Path file = pipeline("head -c ${params.fill} /dev/zero > ${outputs.model}");

        GantryProcess.Result full = GantryProcess.run(dir, "run", file.toString(), "--store", store.toString(),
                "--param", "fill=3000000");

        assertThat(full.exitCode()).as(full.stdout() + full.stderr()).isEqualTo(1);
        assertThat(full.stdout()).contains("  failed   train  the disk is full: no space left on device while writing"
                + " its outputs (exit code 1) in " + store + " (free some space and run again)\n");
        assertThat(full.stderr()).isEmpty();
        assertConsistentAfterFailure(store, "train");
        assertNextRunWorks(file, store);
    }

    @Test
    void aFullDiskWhileTheRunStoreRecordsTheStepFailsItSayingTheDiskIsFull() throws Exception {
        Path store = store("size=2m");
        // The output fits; then the step fills what is left of the disk, from its own scratch
        // directory, so that recording its result is what finds the disk full.
        Path file = pipeline("echo model > ${outputs.model}; sleep 0.5; "
                + "head -c ${params.fill} /dev/zero > $(dirname ${outputs.model})/filler; true");

        GantryProcess.Result full = GantryProcess.run(dir, "run", file.toString(), "--store", store.toString(),
                "--param", "fill=3000000");

        assertThat(full.exitCode()).as(full.stdout() + full.stderr()).isEqualTo(1);
        assertThat(full.stdout()).contains("  failed   train  the disk is full: no space left on device while recording"
                + " step 'train' in " + store.resolve("gantry.db") + " (free some space and run again)\n");
        assertThat(full.stderr()).isEmpty();
        assertConsistentAfterFailure(store, "train");
        assertNextRunWorks(file, store);
    }

    @Test
    void aFullDiskWhileOutputsMoveIntoTheStoreFailsTheStepSayingSo() throws Exception {
        // Few inodes: the step uses up the rest, so the store cannot make the object's directory.
        Path store = store("size=8m,nr_inodes=400");
        Path file = pipeline("echo model > ${outputs.model}; i=0; "
                + "while [ $i -lt ${params.fill} ] && touch $(dirname ${outputs.model})/f$i 2>/dev/null; do i=$((i+1)); done");

        GantryProcess.Result full = GantryProcess.run(dir, "run", file.toString(), "--store", store.toString(),
                "--param", "fill=100000");

        assertThat(full.exitCode()).as(full.stdout() + full.stderr()).isEqualTo(1);
        assertThat(full.stdout()).contains("  failed   train  the disk is full: no space left on device while storing"
                + " output 'model' in " + store + " (free some space and run again)\n");
        assertThat(full.stderr()).isEmpty();
        assertConsistentAfterFailure(store, "train");
        assertNextRunWorks(file, store);
    }

    /** The step and the run are recorded failed, no cache entry was made, and no scratch is left. */
    private static void assertConsistentAfterFailure(Path store, String step) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + store.resolve("gantry.db"));
                Statement st = db.createStatement()) {
            assertThat(strings(st, "SELECT status FROM runs")).containsExactly("failed");
            assertThat(strings(st, "SELECT status FROM step_runs WHERE step = '" + step + "'")).containsExactly("failed");
            assertThat(strings(st, "SELECT cache_key FROM cache_entries")).isEmpty();
        }
        try (Stream<Path> files = Files.walk(store.resolve("runs"))) {
            assertThat(files.filter(p -> p.getFileName().toString().matches("attempt-\\d+"))).isEmpty();
        }
        // Whatever reached objects/ is whole: the one object there can be, the model.
        Path objects = store.resolve("objects");
        if (Files.exists(objects)) {
            try (Stream<Path> files = Files.walk(objects)) {
                for (Path object : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(object)).isEqualTo("model\n");
                }
            }
        }
    }

    private static void assertNextRunWorks(Path file, Path store) throws Exception {
        GantryProcess.Result next = GantryProcess.run(file.getParent(), "run", file.toString(), "--store",
                store.toString(), "--param", "fill=0");
        assertThat(next.exitCode()).as(next.stdout() + next.stderr()).isZero();
    }

    private static List<String> strings(Statement st, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
