package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.RunStatus;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What garbage collection reads of the run store and removes from it: every run, every output
 * and cache entry streamed a row at a time (a store may hold millions), and the records of the
 * runs and cache entries it removes, in batches.
 */
public final class StoreSweep {
    /** How many ids one statement names. */
    private static final int BATCH = 500;
    /** SQLite's page cache while records are removed, in KiB. */
    private static final int CACHE_KIB = 64 * 1024;

    private final StoreConnection connection;

    StoreSweep(StoreConnection connection) {
        this.connection = connection;
    }

    /** A run, as much of it as collection needs. */
    public record RunSummary(String id, String pipeline, RunStatus status, Instant startedAt) {}

    /** Receives rows of two text columns. */
    public interface Pairs {
        void accept(String first, String second);
    }

    /** Every run, oldest first. */
    public List<RunSummary> runs() {
        List<RunSummary> runs = new ArrayList<>();
        connection.forEach("SELECT id, pipeline, status, started_at FROM runs ORDER BY started_at, id",
                rs -> runs.add(new RunSummary(rs.getString(1), rs.getString(2), RunStatus.fromLabel(rs.getString(3)),
                        Instant.ofEpochMilli(rs.getLong(4)))));
        return runs;
    }

    /** Every recorded output: its run and its object's digest. */
    public void outputs(Pairs runAndDigest) {
        pairs("SELECT run_id, sha256 FROM step_outputs", runAndDigest);
    }

    /** The cache key of every step that has one: its run and the key. */
    public void stepKeys(Pairs runAndKey) {
        pairs("SELECT run_id, cache_key FROM step_runs WHERE cache_key IS NOT NULL", runAndKey);
    }

    /** Every cache entry: its key and the run that made it. */
    public void cacheEntries(Pairs keyAndRun) {
        pairs("SELECT cache_key, run_id FROM cache_entries", keyAndRun);
    }

    /** Every cache entry's key and its outputs, as JSON. */
    public void cacheOutputs(Pairs keyAndOutputs) {
        pairs("SELECT cache_key, outputs FROM cache_entries", keyAndOutputs);
    }

    private void pairs(String sql, Pairs pairs) {
        connection.forEach(sql, rs -> pairs.accept(rs.getString(1), rs.getString(2)));
    }

    /**
     * Removes the records of runs {@code runIds} (their steps, attempts and outputs) and the
     * cache entries {@code cacheKeys}, then the artifacts no output names any more.
     */
    public void remove(List<String> runIds, List<String> cacheKeys) {
        if (connection.dialect == Dialect.SQLITE && !runIds.isEmpty()) {
            // Each removed output also leaves the index by digest, whose pages are read in no
            // order: with SQLite's default 2 MB of cache, most of them are read from the file again.
            connection.write("enlarge the page cache", () -> {
                try (java.sql.Statement st = connection.db.createStatement()) {
                    st.execute("PRAGMA cache_size = -" + CACHE_KIB);
                }
            });
        }
        for (List<String> batch : batches(cacheKeys)) {
            delete("remove cache entries", "DELETE FROM cache_entries WHERE cache_key IN ", batch);
        }
        for (List<String> batch : batches(runIds)) {
            connection.write("remove " + batch.size() + " runs", () -> {
                for (String table : List.of("step_outputs", "attempts", "step_runs", "runs")) {
                    String column = table.equals("runs") ? "id" : "run_id";
                    execute("DELETE FROM " + table + " WHERE " + column + " IN " + placeholders(batch.size()), batch);
                }
            });
        }
        if (!runIds.isEmpty()) {
            connection.write("remove artifacts no run refers to", () -> execute(
                    "DELETE FROM artifacts WHERE NOT EXISTS (SELECT 1 FROM step_outputs o WHERE o.sha256 = artifacts.sha256)",
                    List.of()));
        }
    }

    private void delete(String what, String sql, List<String> ids) {
        connection.write(what, () -> execute(sql + placeholders(ids.size()), ids));
    }

    private void execute(String sql, List<String> args) throws java.sql.SQLException {
        try (PreparedStatement ps = connection.db.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            ps.executeUpdate();
        }
    }

    private static String placeholders(int n) {
        return "(" + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }

    private static List<List<String>> batches(List<String> ids) {
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += BATCH) {
            batches.add(ids.subList(i, Math.min(ids.size(), i + BATCH)));
        }
        return batches;
    }
}
