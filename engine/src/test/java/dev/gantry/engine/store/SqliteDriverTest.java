package dev.gantry.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/** The driver set up for fast starts picks the library the driver itself would, and connects. */
class SqliteDriverTest {
    @Test
    void findsTheSameLibraryFolderAsTheDriver() throws Exception {
        String folder = SqliteDriver.platformFolder();

        assertThat(folder).isEqualTo(OSInfo.getNativeLibFolderPathForCurrentOS());
        String library = "/org/sqlite/native/" + folder + "/" + System.mapLibraryName("sqlitejdbc");
        assertThat(SQLiteJDBCLoader.class.getResource(library)).as(library).isNotNull();
    }

    @Test
    void connectsWithoutTheDriverManager(@TempDir Path dir) throws Exception {
        try (Connection db = SqliteDriver.connect("jdbc:sqlite:" + dir.resolve("t.db"), new Properties());
                ResultSet rs = db.createStatement().executeQuery("SELECT sqlite_version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).matches("3\\.\\d+\\.\\d+");
        }
    }
}
