package dev.gantry.engine.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

/**
 * What the first hundred bytes of an SQLite file, its header, tell of its health, read before
 * SQLite opens it: SQLite itself would tell a file that is not a database only once asked to
 * read it, and a truncated one only when a query reaches a missing page. Reading the header
 * costs one small read, where a full check of the database would read all of it.
 */
final class DatabaseFile {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFile.class);
    static final int HEADER_BYTES = 100;
    static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** SQLite's primary result codes for a damaged database. */
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    private DatabaseFile() {}

    /**
     * What is wrong with the SQLite file {@code file}, if its header shows damage. A missing
     * file is a new store and an empty one is taken for an empty database (SQLite's own view: a
     * process that died right after creating it leaves one), so neither is damaged.
     */
    static Optional<String> damage(Path file) {
        long size;
        byte[] header;
        try {
            size = Files.size(file);
            if (size == 0) {
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(file)) {
                header = in.readNBytes(HEADER_BYTES);
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // SQLite says what it cannot read when it opens the file.
            LOG.debug("cannot read the header of {}: {}", file, e.toString());
            return Optional.empty();
        }
        if (header.length < HEADER_BYTES) {
            return Optional.of("truncated: the file holds " + size + " bytes, less than a database header");
        }
        if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Optional.of("file is not a database");
        }
        int pageSize = pageSize(header);
        if (pageSize == 0) {
            return Optional.of("its header is damaged");
        }
        // The page count in the header is valid only when the version it was written for is the file's own.
        long pages = uint32(header, 28);
        boolean countValid = uint32(header, 24) == uint32(header, 92) && pages > 0;
        // A write-ahead log in use means a writer may be part way through copying it back, with
        // the header already grown and the pages still to come; without one the file is whole.
        if (countValid && !logInUse(file) && size < pages * pageSize) {
            return Optional.of("truncated: the file holds " + size + " bytes of the " + pages * pageSize
                    + " its header gives");
        }
        return Optional.empty();
    }

    /** The page size the header gives, or 0 when it gives none that SQLite allows. */
    static int pageSize(byte[] header) {
        int raw = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
        int size = raw == 1 ? 65536 : raw;
        return size >= 512 && size <= 65536 && Integer.bitCount(size) == 1 ? size : 0;
    }

    /** What SQLite's error says is damaged, when it says the database is. */
    static Optional<String> damage(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                int code = sqlite.getResultCode().code & 0xff;
                if (code == SQLITE_CORRUPT) {
                    return Optional.of("database disk image is malformed");
                }
                if (code == SQLITE_NOTADB) {
                    return Optional.of("file is not a database");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean logInUse(Path file) {
        try {
            return Files.size(file.resolveSibling(file.getFileName() + "-wal")) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    static long uint32(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
    }
}
