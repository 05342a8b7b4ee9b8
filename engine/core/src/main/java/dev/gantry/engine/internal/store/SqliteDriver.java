package dev.gantry.engine.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.JDBC;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * Keeps SQLite's native library in a per-user cache directory, and opens connections
 * without going through {@link java.sql.DriverManager}. Left to itself, the JDBC driver
 * extracts the library from its jar into a temporary file and compares the two byte by byte
 * at every start, which costs a fifth of a second of every command; pointing it at a copy
 * extracted once skips that. DriverManager would first load every JDBC driver on the class
 * path, PostgreSQL's included.
 */
final class SqliteDriver {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteDriver.class);
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteDriver() {}

    /** Points the driver at the cached library, extracting it first if needed; on any failure, changes nothing. */
    static synchronized void useCachedCopy() {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        try {
            String folder = platformFolder();
            String name = System.mapLibraryName("sqlitejdbc");
            Path dir = cacheRoot().resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion()).resolve(folder);
            Path library = dir.resolve(name);
            if (!Files.isRegularFile(library)) {
                extract("/org/sqlite/native/" + folder + "/" + name, library);
            }
            System.setProperty(PATH_PROPERTY, dir.toString());
            System.setProperty(NAME_PROPERTY, name);
        } catch (IOException | RuntimeException e) {
            // The driver's own extraction still works, only slower.
            LOG.info("cannot keep a copy of SQLite's native library in the cache directory ({}); the driver"
                    + " extracts its own, a fifth of a second slower", e.toString());
            System.clearProperty(PATH_PROPERTY);
            System.clearProperty(NAME_PROPERTY);
        }
    }

    /** Opens a connection to the SQLite database of {@code url}, a {@code jdbc:sqlite:} URL. */
    static Connection connect(String url, Properties props) throws SQLException {
        useCachedCopy();
        return JDBC.createConnection(url, props);
    }

    /**
     * The driver's folder for this platform's library, such as {@code Linux/x86_64}. On Linux
     * the driver finds it out at every start by starting {@code uname -o} (is this Android?)
     * and by resolving the real path of every file mapped into the process (is the C library
     * musl?), a twentieth of a second in all. The names of the mapped files, which
     * {@code /proc/self/maps} lists in one read, answer the second question as well (a process
     * on musl has its loader, {@code ld-musl-ARCH.so.1}, mapped), and an Android system is
     * told by its {@code /system/build.prop}; on such a system, and on any other than Linux,
     * the driver answers.
     */
    static String platformFolder() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!"Linux".equals(System.getProperty("os.name")) || OSInfo.isAndroidRuntime()
                || Files.exists(Path.of("/system/build.prop")) || !Files.isReadable(maps)) {
            return OSInfo.getNativeLibFolderPathForCurrentOS();
        }
        return linuxFolder(new String(Files.readAllBytes(maps), StandardCharsets.ISO_8859_1), OSInfo.getArchName());
    }

    /** The library folder on Linux for a process whose {@code /proc/self/maps} reads {@code maps}. */
    static String linuxFolder(String maps, String arch) {
        return (maps.contains("/ld-musl-") ? "Linux-Musl" : "Linux") + "/" + arch;
    }

    private static void extract(String resource, Path target) throws IOException {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no bundled library " + resource);
            }
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "sqlitejdbc", ".part");
            try {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("gantry");
    }
}
