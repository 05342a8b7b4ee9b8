package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.DamagedStoreException;
import dev.gantry.engine.api.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run store's database connection, which its parts ({@link RunRecords}, {@link RunQueries},
 * {@link CacheIndex}, {@link ScheduleFires}) share: whoever uses the connection holds this
 * object's lock, and background writes go through its {@link GroupCommitter}, in order.
 */
final class StoreConnection {
    final Connection db;
    final Dialect dialect;
    final StoreLayout layout;
    /** The database, for messages: the SQLite file, or the PostgreSQL URL without its password. */
    final String where;
    final GroupCommitter later;
    /** Prepared statements kept for reuse; see {@link #statement}. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    StoreConnection(Connection db, Dialect dialect, StoreLayout layout, String where) {
        this.db = db;
        this.dialect = dialect;
        this.layout = layout;
        this.where = where;
        this.later = new GroupCommitter(this, db, dialect, where);
    }

    /** Maps one row of a result. */
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * The statement for {@code sql}, prepared on first use and kept for the writes every step
     * makes: preparing them anew each time was a good part of the writer's work. Used only
     * while holding this object's lock, like the connection.
     */
    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = db.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /**
     * Runs {@code work} in one write transaction, after every background write. The connection
     * stays in auto-commit mode and the transaction is begun by hand, IMMEDIATE so the write
     * lock is taken up front: a deferred transaction that later needs to write can deadlock
     * with another process.
     */
    void write(String what, SqlWork work) {
        later.flush();
        synchronized (this) {
            try {
                dialect.inTransaction(db, work);
            } catch (SQLException e) {
                if (DiskFull.in(e)) {
                    throw new StoreException(DiskFull.message("recording " + what.replaceFirst("^record ", ""), where),
                            e);
                }
                throw new StoreException("cannot " + what + " in " + where + ": " + e.getMessage(), e);
            }
        }
    }

    synchronized <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** Reads a row at a time, for results too large to hold as a list. */
    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Gives each row of {@code sql} to {@code reader} as it is read, without keeping them. */
    synchronized void forEach(String sql, RowReader reader, Object... args) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The exception for a failed read: {@link DamagedStoreException} when SQLite says its file is damaged. */
    RuntimeException readFailed(SQLException e) {
        if (dialect == Dialect.SQLITE) {
            Optional<String> damage = DatabaseFile.damage(e);
            if (damage.isPresent()) {
                return new DamagedStoreException(layout.database(), damage.get(), e);
            }
        }
        return new StoreException("cannot read " + where + ": " + e.getMessage(), e);
    }

    synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close " + where + ": " + e.getMessage(), e);
        }
    }

    static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    static void setOptionalInt(PreparedStatement ps, int index, Optional<Integer> value) throws SQLException {
        if (value.isPresent()) {
            ps.setInt(index, value.get());
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }

    static void setOptionalLong(PreparedStatement ps, int index, Optional<Long> value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.get());
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    static void setOptionalInstant(PreparedStatement ps, int index, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.get().toEpochMilli());
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }
}
