package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.StoreException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs a damaged SQLite run store: keeps a copy of the damaged file beside it, reads what
 * SQLite can still read of it, table by table and row by row, into a new database with this
 * version's schema, and only then puts the new one in its place. A file so damaged that
 * nothing of it can be read is left where it is.
 */
public final class StoreRepair {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRepair.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * What a repair did.
     *
     * @param database the run store's file
     * @param damage what was wrong with it; empty when it was not damaged, and nothing was done
     * @param copy the copy of the damaged file kept beside it
     * @param tables what was saved of each table, in schema order
     * @param unreadable why nothing could be read, when nothing could; the file was then left in place
     */
    public record Outcome(Path database, Optional<String> damage, Optional<Path> copy, List<TableCopy> tables,
            Optional<String> unreadable) {
        /** Whether the repaired file is in place. */
        public boolean repaired() {
            return damage.isPresent() && unreadable.isEmpty();
        }
    }

    private StoreRepair() {}

    /**
     * Repairs the SQLite run store of {@code layout}, if it is damaged.
     *
     * @throws StoreException when there is no run store there, or a file cannot be written
     */
    public static Outcome repair(StoreLayout layout) {
        Path database = layout.database();
        if (!Files.isRegularFile(database)) {
            throw new StoreException("there is no run store at " + database + "; nothing to repair");
        }
        Path work = null;
        try {
            work = Files.createTempDirectory(layout.root(), "repair-");
            Path source = work.resolve("damaged.db");
            copyWithLog(database, source);
            Optional<String> damage = DatabaseFile.damage(database).or(() -> RecoveredTables.check(source));
            if (damage.isEmpty()) {
                return new Outcome(database, damage, Optional.empty(), List.of(), Optional.empty());
            }
            Path copy = keepCopy(database);
            return recover(database, source, damage.get(), copy, work);
        } catch (IOException e) {
            throw new StoreException("cannot repair " + database + ": " + e.getMessage(), e);
        } finally {
            if (work != null) {
                try {
                    ObjectStore.deleteTree(work);
                } catch (IOException e) {
                    // A leftover working directory in the store only takes space.
                    LOG.warn("cannot remove the repair's working directory {} (delete it by hand): {}", work,
                            e.toString());
                }
            }
        }
    }

    private static Outcome recover(Path database, Path source, String damage, Path copy, Path work)
            throws IOException {
        Path fresh = work.resolve("repaired.db");
        Optional<List<TableCopy>> tables;
        try (Connection from = RecoveredTables.openReadable(source); Connection to = open(fresh)) {
            Schema.ensure(to, Dialect.SQLITE, database.toString());
            tables = RecoveredTables.copy(from, to);
        } catch (SQLException e) {
            // Reported as nothing that could be read; the details are here.
            LOG.debug("cannot copy the tables of {} into {}", source, fresh, e);
            tables = Optional.empty();
        }
        if (tables.isEmpty()) {
            return new Outcome(database, Optional.of(damage), Optional.of(copy), List.of(), Optional.of(damage));
        }
        // The damaged file's log and index belong to it, and its copy holds the log.
        Files.deleteIfExists(sibling(database, "-wal"));
        Files.deleteIfExists(sibling(database, "-shm"));
        Files.move(fresh, database, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Outcome(database, Optional.of(damage), Optional.of(copy), tables.get(), Optional.empty());
    }

    /** Copies the damaged file, and its log if it has one, as {@code gantry.db.damaged-TIME}. */
    private static Path keepCopy(Path database) throws IOException {
        String stamp = STAMP.format(Instant.now());
        for (int n = 1; ; n++) {
            Path copy = sibling(database, ".damaged-" + stamp + (n == 1 ? "" : "-" + n));
            try {
                copyWithLog(database, copy);
                return copy;
            } catch (FileAlreadyExistsException e) {
                // Repaired twice within a second: the next name.
            }
        }
    }

    private static void copyWithLog(Path database, Path target) throws IOException {
        Files.copy(database, target, StandardCopyOption.COPY_ATTRIBUTES);
        Path log = sibling(database, "-wal");
        if (Files.isRegularFile(log)) {
            Files.copy(log, sibling(target, "-wal"), StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static Connection open(Path file) throws SQLException {
        return SqliteDriver.connect("jdbc:sqlite:" + file, new Properties());
    }

    /**
     * What was saved of one table.
     *
     * @param table its name
     * @param saved how many rows were copied
     * @param lost why some or all of its rows could not be copied, if any could not
     */
    public record TableCopy(String table, long saved, Optional<String> lost) {}
}
