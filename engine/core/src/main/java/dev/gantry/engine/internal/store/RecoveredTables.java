package dev.gantry.engine.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Reads what can be read of a damaged SQLite file, a working copy that may be changed. A
 * table is read in order of row id, a batch at a time; where SQLite meets a damaged page, the
 * rows behind it are looked for at ever larger row ids, so one missing page loses only the
 * rows it held. A file whose header was overwritten gets a new one, for each page size SQLite
 * allows until one reads: the rest of its first page, the list of tables, is usually intact.
 */
final class RecoveredTables {
    private static final int BATCH = 256;
    /** The page sizes to try for a file whose header gives none, the most common first. */
    private static final int[] PAGE_SIZES = {4096, 1024, 2048, 8192, 16384, 32768, 65536, 512};

    private RecoveredTables() {}

    /** What SQLite's own check finds wrong with the database {@code file}, if anything. */
    static Optional<String> check(Path file) {
        try (Connection db = open(file); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
            String first = rs.next() ? rs.getString(1) : "ok";
            return first.equals("ok") ? Optional.empty() : Optional.of(first);
        } catch (SQLException e) {
            return Optional.of(DatabaseFile.damage(e).orElse(String.valueOf(e.getMessage())));
        }
    }

    /**
     * A connection to {@code file} that can read its list of tables, after giving the file a
     * new header if it needs one.
     *
     * @throws SQLException when no header makes the list of tables readable
     */
    static Connection openReadable(Path file) throws SQLException {
        if (readableTables(file) >= 0) {
            return open(file);
        }
        int best = -1;
        int bestSize = 0;
        for (int pageSize : PAGE_SIZES) {
            writeHeader(file, pageSize);
            int readable = readableTables(file);
            if (readable > best) {
                best = readable;
                bestSize = pageSize;
            }
        }
        if (best < 0) {
            throw new SQLException("file is not a database");
        }
        writeHeader(file, bestSize);
        return open(file);
    }

    /**
     * Copies every table of {@code to} (but its schema version) from {@code from}, the
     * columns the two share, as far as it can be read.
     *
     * @return what was saved of each table; empty when {@code from}'s list of tables cannot be read
     */
    static Optional<List<StoreRepair.TableCopy>> copy(Connection from, Connection to) throws SQLException {
        Set<String> sourceTables;
        try {
            sourceTables = tables(from);
        } catch (SQLException e) {
            return Optional.empty();
        }
        List<StoreRepair.TableCopy> copies = new ArrayList<>();
        to.setAutoCommit(false);
        for (String table : tables(to)) {
            if (table.equals("gantry_schema")) {
                continue;
            }
            if (!sourceTables.contains(table)) {
                copies.add(new StoreRepair.TableCopy(table, 0, Optional.of("the damaged store has no such table")));
                continue;
            }
            copies.add(copyTable(from, to, table));
        }
        to.commit();
        to.setAutoCommit(true);
        return Optional.of(copies);
    }

    private static StoreRepair.TableCopy copyTable(Connection from, Connection to, String table) {
        List<String> columns;
        try {
            columns = columns(to, table);
            columns.retainAll(columns(from, table));
        } catch (SQLException e) {
            return new StoreRepair.TableCopy(table, 0, Optional.of(reason(e)));
        }
        String list = String.join(", ", columns);
        String marks = String.join(", ", columns.stream().map(c -> "?").toList());
        long saved = 0;
        Optional<String> lost = Optional.empty();
        try (PreparedStatement read = from.prepareStatement("SELECT rowid, " + list + " FROM " + table
                        + " WHERE rowid > ? ORDER BY rowid LIMIT " + BATCH);
                PreparedStatement probe = from.prepareStatement("SELECT rowid FROM " + table
                        + " WHERE rowid > ? ORDER BY rowid LIMIT 1");
                PreparedStatement write = to.prepareStatement("INSERT OR IGNORE INTO " + table + " (" + list
                        + ") VALUES (" + marks + ")")) {
            long after = Long.MIN_VALUE;
            while (true) {
                int count = 0;
                try {
                    read.setLong(1, after);
                    try (ResultSet rs = read.executeQuery()) {
                        while (rs.next()) {
                            after = rs.getLong(1);
                            count++;
                            if (insert(write, rs, columns.size())) {
                                saved++;
                            } else if (lost.isEmpty()) {
                                lost = Optional.of("a row of it does not fit this version's schema");
                            }
                        }
                    }
                } catch (SQLException e) {
                    lost = lost.or(() -> Optional.of(reason(e)));
                    Optional<Long> next = skipDamage(probe, after);
                    if (next.isEmpty()) {
                        break;
                    }
                    after = next.get() - 1;
                    continue;
                }
                if (count < BATCH) {
                    break;
                }
            }
        } catch (SQLException e) {
            lost = lost.or(() -> Optional.of(reason(e)));
        }
        return new StoreRepair.TableCopy(table, saved, lost);
    }

    /** The first readable row id past a damaged part after {@code after}, looked for at ever larger steps. */
    private static Optional<Long> skipDamage(PreparedStatement probe, long after) {
        long from = after == Long.MIN_VALUE ? 0 : after;
        for (int shift = 0; shift < 62; shift++) {
            long at = from + (1L << shift);
            try {
                probe.setLong(1, at);
                try (ResultSet rs = probe.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
                }
            } catch (SQLException stillDamaged) {
                // Further on.
            }
        }
        return Optional.empty();
    }

    private static boolean insert(PreparedStatement write, ResultSet rs, int columns) {
        try {
            for (int i = 1; i <= columns; i++) {
                write.setObject(i, rs.getObject(i + 1));
            }
            return write.executeUpdate() == 1;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String reason(SQLException e) {
        return DatabaseFile.damage(e).orElse(String.valueOf(e.getMessage()));
    }

    private static Set<String> tables(Connection db) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static List<String> columns(Connection db, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    /** How many tables of {@code file} can be read from, or -1 when its list of tables cannot be read. */
    private static int readableTables(Path file) {
        try (Connection db = open(file)) {
            int readable = 0;
            for (String table : tables(db)) {
                try (Statement st = db.createStatement();
                        ResultSet rs = st.executeQuery("SELECT * FROM " + table + " LIMIT 1")) {
                    readable++;
                } catch (SQLException damaged) {
                    // Not this one.
                }
            }
            return readable;
        } catch (SQLException e) {
            return -1;
        }
    }

    /**
     * Writes a header for pages of {@code pageSize} bytes: SQLite's defaults, the page count
     * from the file's size, no free pages, UTF-8 text, and rollback or write-ahead journaling
     * as the file has a log beside it.
     */
    private static void writeHeader(Path file, int pageSize) throws SQLException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer h = ByteBuffer.allocate(DatabaseFile.HEADER_BYTES);
            h.put(DatabaseFile.MAGIC);
            h.putShort((short) (pageSize == 65536 ? 1 : pageSize));
            byte journal = (byte) (Files.exists(file.resolveSibling(file.getFileName() + "-wal")) ? 2 : 1);
            h.put(journal).put(journal);
            h.put((byte) 0).put((byte) 64).put((byte) 32).put((byte) 32);
            h.putInt(1); // change counter
            h.putInt((int) (channel.size() / pageSize)); // pages
            h.putInt(0).putInt(0); // free list
            h.putInt(1); // schema cookie
            h.putInt(4); // schema format
            h.putInt(0).putInt(0); // cache size, auto-vacuum root
            h.putInt(1); // UTF-8
            h.putInt(0).putInt(0).putInt(0); // user version, incremental vacuum, application id
            h.position(92);
            h.putInt(1); // valid for change 1
            h.putInt(3046001);
            h.flip();
            channel.write(h, 0);
        } catch (IOException e) {
            throw new SQLException("cannot write a header into " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the working copy. SQLite refuses a file shorter than its header says unless the
     * schema is writable; nothing here writes it, but the setting lets the rest be read.
     */
    private static Connection open(Path file) throws SQLException {
        Connection db = SqliteDriver.connect("jdbc:sqlite:" + file, new Properties());
        try (Statement st = db.createStatement()) {
            st.execute("PRAGMA writable_schema = ON");
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return db;
    }
}
