package dev.gantry.engine.internal.store;

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
    void tellsMuslFromGlibcByTheLoaderMappedIntoTheProcess() {
        String glibc = """
                7f1c2a000000-7f1c2a028000 r--p 00000000 fe:01 1835 /usr/lib/x86_64-linux-gnu/libc.so.6
                7f1c2a2f0000-7f1c2a2f2000 r--p 00000000 fe:01 1828 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
                7f1c2a400000-7f1c2a401000 r--p 00000000 fe:01 9001 /home/me/musl-notes/pipeline.jar
                """;
        String musl = """
                7f5e1b000000-7f5e1b014000 r--p 00000000 00:2b 4011 /lib/ld-musl-x86_64.so.1
                7f5e1b100000-7f5e1b120000 r--p 00000000 00:2b 5123 /usr/lib/jvm/java-17-openjdk/lib/server/libjvm.so
                """;

        assertThat(SqliteDriver.linuxFolder(glibc, "x86_64")).isEqualTo("Linux/x86_64");
        assertThat(SqliteDriver.linuxFolder(musl, "x86_64")).isEqualTo("Linux-Musl/x86_64");
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
