package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.CacheEntry;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.hash.CanonicalJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache index: which outputs each cache key stands for. A run looks its steps up here
 * (through a connection of its own where the database allows one to read beside the writer),
 * and {@code explain} reads the entries a key was compared with.
 */
public final class CacheIndex {
    private static final Logger LOG = LoggerFactory.getLogger(CacheIndex.class);

    private final StoreConnection connection;
    /** A connection of its own for the cache lookups of runs, where the database allows one to read beside a writer. */
    private final Optional<CacheLookups> lookups;

    CacheIndex(StoreConnection connection, Optional<CacheLookups> lookups) {
        this.connection = connection;
        this.lookups = lookups;
    }

    /** The cache entry for {@code key}, if one was recorded. */
    public Optional<CacheEntry> findCacheEntry(String key) {
        synchronized (connection) {
            return connection.queryOne("SELECT * FROM cache_entries WHERE cache_key = ?", this::entry, key);
        }
    }

    /**
     * The outputs cached under {@code key}, if an entry was recorded: what a run asks before
     * each step, so it reads no more than it needs.
     */
    public Optional<CachedOutputs> findCachedOutputs(String key) {
        if (lookups.isPresent()) {
            return lookups.get().find(key);
        }
        return findCacheEntry(key).map(e -> new CachedOutputs(e.runId(), e.outputs(), e.createdAt()));
    }

    /**
     * The cache entries that the newest run of {@code pipeline} other than {@code otherThanRun}
     * made or took from the cache, by key: where a rerun of the pipeline finds most of its
     * hits, in one query instead of one per step. What is not there may still be in the cache
     * ({@link #findCachedOutputs}).
     */
    public Map<String, CachedOutputs> lastRunEntries(String pipeline, String otherThanRun) {
        long started = System.nanoTime();
        Map<String, CachedOutputs> entries;
        if (lookups.isPresent()) {
            entries = lookups.get().lastRunEntries(pipeline, otherThanRun);
        } else {
            synchronized (connection) {
                try {
                    entries = CacheLookups.lastRunEntries(connection.db, connection.layout, pipeline, otherThanRun);
                } catch (SQLException e) {
                    throw connection.readFailed(e);
                }
            }
        }
        LOG.debug("read {} cache entries of the previous run of pipeline '{}' in {} ms", entries.size(), pipeline,
                (System.nanoTime() - started) / 1_000_000);
        return entries;
    }

    /** The newest cache entry of a step of that name, other than {@code otherThanKey}. */
    public Optional<CacheEntry> previousCacheEntry(String step, String otherThanKey, Instant before) {
        return connection.queryOne("SELECT * FROM cache_entries WHERE step = ? AND cache_key <> ? AND created_at <= ? "
                + "ORDER BY created_at DESC LIMIT 1", this::entry, step, otherThanKey, before.toEpochMilli());
    }

    /** Deletes the cache entry for {@code key}, so the step runs again next time. */
    public void forgetCacheEntry(String key) {
        connection.write("delete cache entry", () -> {
            try (PreparedStatement ps = connection.db.prepareStatement("DELETE FROM cache_entries WHERE cache_key = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
        });
    }

    private CacheEntry entry(ResultSet rs) throws SQLException {
        return CacheLookups.entry(rs, connection.layout);
    }

    /** Records a cache entry, inside the transaction that records the step's end. */
    void insert(String key, StepRecord step, String pipeline) throws SQLException {
        Map<String, Object> outputs = new LinkedHashMap<>();
        step.outputs().forEach((name, a) -> outputs.put(name, OutputJson.toMap(a)));
        PreparedStatement ps = connection.statement(
                "INSERT INTO cache_entries (cache_key, step, pipeline, run_id, key_parts, outputs, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cache_key) DO UPDATE SET step = excluded.step, "
                        + "pipeline = excluded.pipeline, run_id = excluded.run_id, key_parts = excluded.key_parts, "
                        + "outputs = excluded.outputs, created_at = excluded.created_at");
        ps.setString(1, key);
        ps.setString(2, step.step());
        ps.setString(3, pipeline);
        ps.setString(4, step.runId());
        ps.setString(5, step.keyParts().orElseThrow());
        ps.setString(6, CanonicalJson.write(outputs));
        ps.setLong(7, step.endedAt().orElse(Instant.now()).toEpochMilli());
        ps.executeUpdate();
    }

    void close() {
        lookups.ifPresent(CacheLookups::close);
    }
}
