package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.CacheEntry;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.StoreException;
import dev.gantry.engine.hash.CanonicalJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Finds cache entries through a connection of its own. A run asks for a step's entry just
 * before the step would start, so the question is on every step's critical path; on the
 * store's main connection it would wait whenever the writer thread is committing a batch.
 * SQLite in WAL mode lets this connection read while another writes, and every lookup sees
 * what was committed before it began, as it would on the main connection.
 */
final class CacheLookups implements AutoCloseable {
    private static final String SQL = "SELECT run_id, outputs, created_at FROM cache_entries WHERE cache_key = ?";
    private static final String LAST_RUN_SQL = """
            SELECT e.cache_key, e.run_id, e.outputs, e.created_at FROM step_runs s JOIN cache_entries e ON e.cache_key = s.cache_key
            WHERE s.run_id = (SELECT id FROM runs WHERE pipeline = ? AND id <> ? ORDER BY started_at DESC LIMIT 1)""";

    private final String url;
    private final Properties props;
    private final StoreLayout layout;
    private final String where;
    private Connection db;
    private PreparedStatement find;
    private boolean closed;

    CacheLookups(String url, Properties props, StoreLayout layout, String where) {
        this.url = url;
        this.props = props;
        this.layout = layout;
        this.where = where;
    }

    /** The outputs cached under {@code key}, if an entry was committed. */
    synchronized Optional<CachedOutputs> find(String key) {
        try {
            PreparedStatement ps = statement();
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new CachedOutputs(rs.getString(1), outputs(rs.getString(2), layout),
                        java.time.Instant.ofEpochMilli(rs.getLong(3))))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    /** See {@link RunStore#lastRunEntries}. */
    synchronized Map<String, CachedOutputs> lastRunEntries(String pipeline, String otherThanRun) {
        try {
            return lastRunEntries(connection(), layout, pipeline, otherThanRun);
        } catch (SQLException e) {
            throw new StoreException("cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    /** See {@link RunStore#lastRunEntries}; on {@code db}, whose caller keeps it to itself meanwhile. */
    static Map<String, CachedOutputs> lastRunEntries(Connection db, StoreLayout layout, String pipeline,
            String otherThanRun) throws SQLException {
        Map<String, CachedOutputs> entries = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement(LAST_RUN_SQL)) {
            ps.setString(1, pipeline);
            ps.setString(2, otherThanRun);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.put(rs.getString(1), new CachedOutputs(rs.getString(2), outputs(rs.getString(3), layout),
                            java.time.Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
        }
        return entries;
    }

    private PreparedStatement statement() throws SQLException {
        Connection connection = connection();
        if (find == null) {
            find = connection.prepareStatement(SQL);
        }
        return find;
    }

    /** This object's connection, opened when first needed. */
    private Connection connection() throws SQLException {
        if (closed) {
            throw new StoreException("the run store " + where + " is closed");
        }
        if (db == null) {
            db = SqliteDriver.connect(url, props);
        }
        return db;
    }

    /** The entry in the current row of {@code rs}, a row of {@code cache_entries}. */
    static CacheEntry entry(ResultSet rs, StoreLayout layout) throws SQLException {
        return new CacheEntry(rs.getString("cache_key"), rs.getString("step"), rs.getString("pipeline"),
                rs.getString("run_id"), rs.getString("key_parts"), outputs(rs.getString("outputs"), layout),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    /** The outputs of an entry, from the JSON of its {@code outputs} column. */
    private static Map<String, OutputArtifact> outputs(String json, StoreLayout layout) {
        Map<String, OutputArtifact> outputs = new LinkedHashMap<>();
        CanonicalJson.readObject(json).forEach((k, v) -> outputs.put(k, OutputJson.fromMap(v, layout)));
        return outputs;
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            if (db != null) {
                db.close();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot close " + where + ": " + e.getMessage(), e);
        }
    }
}
