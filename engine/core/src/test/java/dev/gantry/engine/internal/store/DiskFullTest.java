package dev.gantry.engine.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.engine.api.StoreException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk is told apart in each of the forms it takes, and only then. */
class DiskFullTest {
    @TempDir
    Path dir;

    @Test
    void sqliteFullIsAFullDisk() throws Exception {
        SQLException full;
        try (Connection db = SqliteDriver.connect("jdbc:sqlite:" + dir.resolve("small.db"), new Properties());
                Statement st = db.createStatement()) {
            st.execute("CREATE TABLE t (x TEXT)");
            // SQLite's own limit on the file's pages gives the error a full disk gives.
            st.execute("PRAGMA max_page_count = 3");
            full = catchThrowableOfType(() -> {
                for (int i = 0; i < 1000; i++) {
                    st.execute("INSERT INTO t VALUES (hex(randomblob(500)))");
                }
            }, SQLException.class);
        }

        assertThat(full.getMessage()).contains("database or disk is full");
        assertThat(DiskFull.in(new StoreException("cannot record", full))).isTrue();
    }

    @Test
    void noSpaceLeftOnDeviceIsAFullDisk() {
        IOException enospc = new FileSystemException("/data/.gantry/objects/sha256/ab", null, "No space left on device");

        assertThat(DiskFull.in(new IOException("cannot store", enospc))).isTrue();
        assertThat(DiskFull.in(new IOException("Permission denied"))).isFalse();
    }

    @Test
    void saysWhatWasBeingDoneAndWhere() {
        assertThat(DiskFull.message("storing output 'model'", Path.of("/data/.gantry"))).isEqualTo(
                "the disk is full: no space left on device while storing output 'model' in /data/.gantry "
                        + "(free some space and run again)");
    }
}
