package dev.gantry.engine.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * Keeps SQLite's native library in a per-user cache directory. Left to itself, the JDBC
 * driver extracts the library from its jar into a temporary file and compares the two
 * byte by byte at every start, which costs a fifth of a second of every command; pointing it
 * at a copy extracted once skips that.
 */
final class SqliteNativeLibrary {
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteNativeLibrary() {}

    /** Points the driver at the cached library, extracting it first if needed; on any failure, changes nothing. */
    static synchronized void useCachedCopy() {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        try {
            String folder = OSInfo.getNativeLibFolderPathForCurrentOS();
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
            System.clearProperty(PATH_PROPERTY);
            System.clearProperty(NAME_PROPERTY);
        }
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
