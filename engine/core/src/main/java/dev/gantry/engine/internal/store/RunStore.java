package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.hash.CanonicalJson;
import dev.gantry.spec.ArtifactType;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs, step runs, attempts, artifacts, cache entries and schedule fires, in SQLite (the
 * embedded default) or PostgreSQL (for a team). Every write is one short transaction; in
 * SQLite it takes the write lock up front and the database is in WAL mode, so several Gantry
 * processes can share a store: they wait for each other (up to 30 s) instead of failing,
 * and a reader never blocks a writer.
 */
public final class RunStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunStore.class);

    private final Connection db;
    private final Dialect dialect;
    private final StoreLayout layout;
    private final String where;
    private final GroupCommitter later;
    /** Runs whose record is known to be committed. */
    private final Set<String> recordedRuns = ConcurrentHashMap.newKeySet();
    /** A connection of its own for the cache lookups of runs, where the database allows one to read beside a writer. */
    private final Optional<CacheLookups> lookups;
    /** Prepared statements kept for reuse; see {@link #statement}. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private RunStore(Connection db, Dialect dialect, StoreLayout layout, String where, Optional<CacheLookups> lookups) {
        this.db = db;
        this.dialect = dialect;
        this.layout = layout;
        this.where = where;
        this.lookups = lookups;
        this.later = new GroupCommitter(this, db, dialect, where);
    }

    /** Opens (creating if needed) the store's SQLite database, {@code gantry.db} in the store directory. */
    public static RunStore open(StoreLayout layout) {
        try {
            OwnerOnly.create(layout, true);
        } catch (IOException e) {
            throw new StoreException("cannot create the store directory " + layout.root() + ": " + e.getMessage(), e);
        }
        Properties props = new Properties();
        props.setProperty("journal_mode", "WAL");
        props.setProperty("synchronous", "NORMAL");
        props.setProperty("busy_timeout", "30000");
        // Nothing reads generated keys; left on, the driver asks for the last row id after every insert.
        props.setProperty("jdbc.get_generated_keys", "false");
        // Checked before SQLite opens it, which would add files beside it; a damaged file is left as it is.
        Optional<String> damage = DatabaseFile.damage(layout.database());
        if (damage.isPresent()) {
            throw new DamagedStoreException(layout.database(), damage.get(), null);
        }
        return connect("jdbc:sqlite:" + layout.database(), props, Dialect.SQLITE, layout,
                layout.database().toString());
    }

    /**
     * Opens the run store in a PostgreSQL database, such as
     * {@code jdbc:postgresql://db:5432/gantry?user=gantry&password=...}, creating its tables if
     * needed. Artifacts stay in {@code layout}'s objects directory.
     */
    public static RunStore open(StoreLayout layout, String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new StoreException("unsupported database URL '" + jdbcUrl
                    + "': use jdbc:postgresql://HOST:PORT/DATABASE (or no --db, for the store's own SQLite file)");
        }
        try {
            OwnerOnly.create(layout, false);
        } catch (IOException e) {
            throw new StoreException("cannot create the store directory " + layout.root() + ": " + e.getMessage(), e);
        }
        return connect(jdbcUrl, new Properties(), Dialect.POSTGRES, layout, redact(jdbcUrl));
    }

    private static RunStore connect(String url, Properties props, Dialect dialect, StoreLayout layout, String where) {
        try {
            long started = System.nanoTime();
            Connection db = dialect == Dialect.SQLITE ? SqliteDriver.connect(url, props)
                    : DriverManager.getConnection(url, props);
            Schema.ensure(db, dialect, where);
            Optional<CacheLookups> lookups = dialect == Dialect.SQLITE
                    ? Optional.of(new CacheLookups(url, props, layout, where)) : Optional.empty();
            LOG.debug("connected to {} in {} ms", where, (System.nanoTime() - started) / 1_000_000);
            return new RunStore(db, dialect, layout, where, lookups);
        } catch (SQLException e) {
            if (dialect == Dialect.SQLITE) {
                throwIfDamaged(layout, e);
            }
            throw new StoreException("cannot open the run store " + where + ": " + e.getMessage(), e);
        }
    }

    /** Throws {@link DamagedStoreException} when {@code e} says the SQLite file is damaged. */
    private static void throwIfDamaged(StoreLayout layout, SQLException e) {
        Optional<String> damage = DatabaseFile.damage(e);
        if (damage.isPresent()) {
            throw new DamagedStoreException(layout.database(), damage.get(), e);
        }
    }

    /** The URL without a password, for messages. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /** The database, for messages: the SQLite file, or the PostgreSQL URL without its password. */
    public String database() {
        return where;
    }

    /** The layout of the store this database belongs to. */
    public StoreLayout layout() {
        return layout;
    }

    /**
     * Records a new run and its planned steps, all pending, in the background, before every
     * later write. The record is made on the writer thread: writing a large pipeline's spec
     * as YAML takes a while, and the run need not wait for it.
     */
    public void createRun(String runId, Supplier<StoredRun> record, List<String> plannedSteps) {
        later.submit("record run " + runId, () -> {
            StoredRun run = record.get();
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO runs (id, pipeline, status, started_at, spec_yaml, pipeline_file, base_dir, "
                            + "parent_run, pid, host, pid_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, run.id());
                ps.setString(2, run.pipeline());
                ps.setString(3, run.status().label());
                ps.setLong(4, run.startedAt().toEpochMilli());
                ps.setString(5, run.specYaml());
                ps.setString(6, run.pipelineFile().orElse(null));
                ps.setString(7, run.baseDir());
                ps.setString(8, run.parentRun().orElse(null));
                ps.setLong(9, run.pid());
                ps.setString(10, run.host());
                setOptionalLong(ps, 11, run.pidStart());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO step_runs (run_id, step, position, status) VALUES (?, ?, ?, 'pending')")) {
                for (int i = 0; i < plannedSteps.size(); i++) {
                    ps.setString(1, run.id());
                    ps.setString(2, plannedSteps.get(i));
                    ps.setInt(3, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    /**
     * Marks a step running, with the key it runs under. Committed in the background, but the
     * first step of a run waits here until the run's own record is committed: a step may
     * change things outside the store, and a run that dies after that must show as crashed
     * so that it can be resumed.
     */
    public void stepStarted(String runId, String step, Optional<String> key, String keyParts, Instant at) {
        if (!recordedRuns.contains(runId)) {
            later.flush();
            recordedRuns.add(runId);
        }
        later.submit("record start of step " + step, () -> {
            PreparedStatement ps = statement(
                    "UPDATE step_runs SET status = 'running', cache_key = ?, key_parts = ?, started_at = ? "
                            + "WHERE run_id = ? AND step = ?");
            ps.setString(1, key.orElse(null));
            ps.setString(2, keyParts);
            ps.setLong(3, at.toEpochMilli());
            ps.setString(4, runId);
            ps.setString(5, step);
            ps.executeUpdate();
        });
    }

    /**
     * Records the host process of a step's attempt that has just started, so that if this engine
     * dies, the next one finds what it left running. Committed in the background.
     */
    public void stepProcessStarted(String runId, String step, long pid, Optional<Long> pidStart, String token) {
        later.submit("record the process of step " + step, () -> {
            PreparedStatement ps = statement(
                    "UPDATE step_runs SET pid = ?, pid_start = ?, attempt_token = ? WHERE run_id = ? AND step = ?");
            ps.setLong(1, pid);
            setOptionalLong(ps, 2, pidStart);
            ps.setString(3, token);
            ps.setString(4, runId);
            ps.setString(5, step);
            ps.executeUpdate();
        });
    }

    /** The processes recorded for the steps of a run that are still marked running. */
    public synchronized List<StoredProcess> runningProcesses(String runId) {
        return query("SELECT step, pid, pid_start, attempt_token FROM step_runs "
                + "WHERE run_id = ? AND status = 'running' AND pid IS NOT NULL ORDER BY position",
                rs -> new StoredProcess(rs.getString("step"), rs.getLong("pid"), optionalLong(rs, "pid_start"),
                        rs.getString("attempt_token")), runId);
    }

    /** The runs recorded as running on {@code host}, oldest first: in progress, or their engine died. */
    public synchronized List<StoredRun> runsInProgress(String host) {
        return query("SELECT * FROM runs WHERE status = 'running' AND host = ? ORDER BY started_at, id",
                RunStore::run, host);
    }

    /** Records one finished attempt of a step. Committed in the background. */
    public void recordAttempt(String runId, String step, StoredAttempt attempt) {
        later.submit("record attempt of step " + step, () -> {
            PreparedStatement ps = statement(
                    "INSERT INTO attempts (run_id, step, attempt, succeeded, exit_code, message, log_path, "
                            + "started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (run_id, step, attempt) DO UPDATE SET succeeded = excluded.succeeded, "
                            + "exit_code = excluded.exit_code, message = excluded.message, "
                            + "log_path = excluded.log_path, ended_at = excluded.ended_at");
            ps.setString(1, runId);
            ps.setString(2, step);
            ps.setInt(3, attempt.attempt());
            ps.setInt(4, attempt.succeeded() ? 1 : 0);
            setOptionalInt(ps, 5, attempt.exitCode());
            ps.setString(6, attempt.message().orElse(null));
            ps.setString(7, attempt.logPath());
            ps.setLong(8, attempt.startedAt().toEpochMilli());
            ps.setLong(9, attempt.endedAt().toEpochMilli());
            ps.executeUpdate();
        });
    }

    /**
     * Records how a step ended, its outputs and, when {@code cacheAs} is given, the cache
     * entry that lets later runs reuse them: all in one transaction, so a crash leaves
     * either the whole record or none of it. Committed in the background, after every
     * earlier write: {@link #flush} waits for it.
     */
    public void completeStep(StoredStep step, String pipeline, Optional<String> cacheAs) {
        later.submit("record result of step " + step.step(), () -> {
            PreparedStatement ps = statement(
                    "UPDATE step_runs SET status = ?, cache_key = COALESCE(?, cache_key), "
                            + "key_parts = COALESCE(?, key_parts), started_at = COALESCE(started_at, ?), "
                            + "ended_at = ?, attempts = ?, message = ? WHERE run_id = ? AND step = ?");
            ps.setString(1, step.status().label());
            ps.setString(2, step.cacheKey().orElse(null));
            ps.setString(3, step.keyParts().orElse(null));
            setOptionalInstant(ps, 4, step.startedAt());
            setOptionalInstant(ps, 5, step.endedAt());
            ps.setInt(6, step.attempts());
            ps.setString(7, step.message().orElse(null));
            ps.setString(8, step.runId());
            ps.setString(9, step.step());
            ps.executeUpdate();
            insertOutputs(step);
            if (cacheAs.isPresent()) {
                insertCacheEntry(cacheAs.get(), step, pipeline);
            }
        });
    }

    private void insertOutputs(StoredStep step) throws SQLException {
        if (step.outputs().isEmpty()) {
            return;
        }
        PreparedStatement art = statement(
                "INSERT INTO artifacts (sha256, size_bytes, rows, schema) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (sha256) DO UPDATE SET rows = COALESCE(excluded.rows, artifacts.rows), "
                        + "schema = COALESCE(excluded.schema, artifacts.schema)");
        PreparedStatement out = statement(
                "INSERT INTO step_outputs (run_id, step, output, position, type, sha256) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, step, output) "
                        + "DO UPDATE SET type = excluded.type, sha256 = excluded.sha256");
        int position = 0;
        for (Map.Entry<String, OutputArtifact> e : step.outputs().entrySet()) {
            OutputArtifact a = e.getValue();
            art.setString(1, a.sha256());
            art.setLong(2, a.sizeBytes());
            if (a.rows().isPresent()) {
                art.setLong(3, a.rows().get());
            } else {
                art.setNull(3, Types.INTEGER);
            }
            art.setString(4, a.schema().orElse(null));
            art.addBatch();
            out.setString(1, step.runId());
            out.setString(2, step.step());
            out.setString(3, e.getKey());
            out.setInt(4, position++);
            out.setString(5, a.type().yamlName());
            out.setString(6, a.sha256());
            out.addBatch();
        }
        art.executeBatch();
        out.executeBatch();
    }

    /**
     * The statement for {@code sql}, prepared on first use and kept for the writes every step
     * makes: preparing them anew each time was a good part of the writer's work. Used only
     * while holding this store's lock, like the connection.
     */
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = db.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    private void insertCacheEntry(String key, StoredStep step, String pipeline) throws SQLException {
        Map<String, Object> outputs = new LinkedHashMap<>();
        step.outputs().forEach((name, a) -> outputs.put(name, OutputJson.toMap(a)));
        PreparedStatement ps = statement(
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

    /** Waits until every background write is committed; throws if one failed. */
    public void flush() {
        later.flush();
    }

    /**
     * After a background write failed (its {@link StoreException} thrown by {@link #flush} or
     * a later write), forgets the failure and returns the steps of {@code runId} that the
     * store still shows pending or running: those whose end was lost with the write, for the
     * caller to record again.
     */
    public List<String> stepsLeftOpen(String runId) {
        later.forgetFailure();
        synchronized (this) {
            return query("SELECT step FROM step_runs WHERE run_id = ? AND status IN ('pending', 'running') "
                    + "ORDER BY position", rs -> rs.getString(1), runId);
        }
    }

    /** Records how a run ended, after every background write. */
    public void finishRun(String runId, RunStatus status, Instant at) {
        write("record end of run " + runId, () -> {
            try (PreparedStatement ps = db.prepareStatement(
                    "UPDATE runs SET status = ?, ended_at = ? WHERE id = ?")) {
                ps.setString(1, status.label());
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, runId);
                ps.executeUpdate();
            }
        });
    }

    /** The cache entry for {@code key}, if one was recorded. */
    public Optional<CacheEntry> findCacheEntry(String key) {
        synchronized (this) {
            return queryOne("SELECT * FROM cache_entries WHERE cache_key = ?", this::cacheEntry, key);
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
        return findCacheEntry(key).map(e -> new CachedOutputs(e.runId(), e.outputs()));
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
            synchronized (this) {
                try {
                    entries = CacheLookups.lastRunEntries(db, layout, pipeline, otherThanRun);
                } catch (SQLException e) {
                    throw new StoreException("cannot read " + where + ": " + e.getMessage(), e);
                }
            }
        }
        LOG.debug("read {} cache entries of the previous run of pipeline '{}' in {} ms", entries.size(), pipeline,
                (System.nanoTime() - started) / 1_000_000);
        return entries;
    }

    /** The newest cache entry of a step of that name, other than {@code otherThanKey}. */
    public synchronized Optional<CacheEntry> previousCacheEntry(String step, String otherThanKey, Instant before) {
        return queryOne("SELECT * FROM cache_entries WHERE step = ? AND cache_key <> ? AND created_at <= ? "
                + "ORDER BY created_at DESC LIMIT 1", this::cacheEntry, step, otherThanKey, before.toEpochMilli());
    }

    /** Deletes the cache entry for {@code key}, so the step runs again next time. */
    public void forgetCacheEntry(String key) {
        write("delete cache entry", () -> {
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM cache_entries WHERE cache_key = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
        });
    }

    /**
     * Claims fire {@code fireTime} of {@code schedule} for this process. Exactly one of several
     * schedulers sharing the store gets true for the same fire; the others must not run it.
     */
    public boolean claimFire(String schedule, Instant fireTime, String kind, String claimedBy) {
        boolean[] claimed = new boolean[1];
        write("claim a fire of schedule " + schedule, () -> {
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO schedule_fires (schedule, fire_time, kind, outcome, claimed_at, claimed_by) "
                            + "VALUES (?, ?, ?, 'claimed', ?, ?) ON CONFLICT (schedule, fire_time) DO NOTHING")) {
                ps.setString(1, schedule);
                ps.setLong(2, fireTime.toEpochMilli());
                ps.setString(3, kind);
                ps.setLong(4, Instant.now().toEpochMilli());
                ps.setString(5, claimedBy);
                claimed[0] = ps.executeUpdate() == 1;
            }
        });
        return claimed[0];
    }

    /** Records what became of a claimed fire. */
    public void recordFireOutcome(String schedule, Instant fireTime, String outcome, Optional<String> runId) {
        write("record a fire of schedule " + schedule, () -> {
            try (PreparedStatement ps = db.prepareStatement(
                    "UPDATE schedule_fires SET outcome = ?, run_id = ? WHERE schedule = ? AND fire_time = ?")) {
                ps.setString(1, outcome);
                ps.setString(2, runId.orElse(null));
                ps.setString(3, schedule);
                ps.setLong(4, fireTime.toEpochMilli());
                ps.executeUpdate();
            }
        });
    }

    /** The fires of {@code schedule}, oldest first. */
    public synchronized List<ScheduleFire> fires(String schedule) {
        return query("SELECT * FROM schedule_fires WHERE schedule = ? ORDER BY fire_time", rs -> new ScheduleFire(
                rs.getString("schedule"), Instant.ofEpochMilli(rs.getLong("fire_time")), rs.getString("kind"),
                rs.getString("outcome"), Optional.ofNullable(rs.getString("run_id")), rs.getString("claimed_by")),
                schedule);
    }

    /** The newest runs first, at most {@code limit}. */
    public synchronized List<StoredRun> runs(int limit) {
        return query("SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?", RunStore::run, limit);
    }

    /** The run with id {@code id}, or the only run whose id starts with it. */
    public synchronized Optional<StoredRun> run(String idOrPrefix) {
        Optional<StoredRun> exact = queryOne("SELECT * FROM runs WHERE id = ?", RunStore::run, idOrPrefix);
        if (exact.isPresent()) {
            return exact;
        }
        List<StoredRun> matches = query("SELECT * FROM runs WHERE id LIKE ? ESCAPE '\\' LIMIT 2", RunStore::run,
                idOrPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** The steps of a run, in plan order, with their outputs. */
    public synchronized List<StoredStep> steps(String runId) {
        Map<String, Map<String, OutputArtifact>> outputs = new LinkedHashMap<>();
        query("SELECT o.step, o.output, o.type, o.sha256, a.size_bytes, a.rows, a.schema FROM step_outputs o "
                + "JOIN artifacts a ON a.sha256 = o.sha256 WHERE o.run_id = ? ORDER BY o.step, o.position", rs -> {
                    outputs.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), artifact(rs));
                    return null;
                }, runId);
        return query("SELECT * FROM step_runs WHERE run_id = ? ORDER BY position", rs -> new StoredStep(
                rs.getString("run_id"),
                rs.getString("step"),
                StepStatus.fromLabel(rs.getString("status")),
                Optional.ofNullable(rs.getString("cache_key")),
                Optional.ofNullable(rs.getString("key_parts")),
                instant(rs, "started_at"),
                instant(rs, "ended_at"),
                rs.getInt("attempts"),
                Optional.ofNullable(rs.getString("message")),
                outputs.getOrDefault(rs.getString("step"), Map.of())), runId);
    }

    /** The attempts of one step of a run, in order. */
    public synchronized List<StoredAttempt> attempts(String runId, String step) {
        return query("SELECT * FROM attempts WHERE run_id = ? AND step = ? ORDER BY attempt", rs -> new StoredAttempt(
                rs.getInt("attempt"),
                rs.getInt("succeeded") == 1,
                exitCode(rs),
                Optional.ofNullable(rs.getString("message")),
                rs.getString("log_path"),
                Instant.ofEpochMilli(rs.getLong("started_at")),
                Instant.ofEpochMilli(rs.getLong("ended_at"))), runId, step);
    }

    /** The attempt's exit code; none when its process never started or was killed. */
    private static Optional<Integer> exitCode(ResultSet rs) throws SQLException {
        int code = rs.getInt("exit_code");
        return rs.wasNull() ? Optional.empty() : Optional.of(code);
    }

    private OutputArtifact artifact(ResultSet rs) throws SQLException {
        String sha = rs.getString("sha256");
        long rows = rs.getLong("rows");
        Optional<Long> rowCount = rs.wasNull() ? Optional.empty() : Optional.of(rows);
        return new OutputArtifact(sha, layout.object(sha),
                ArtifactType.fromYamlName(rs.getString("type")).orElse(ArtifactType.FILE),
                rs.getLong("size_bytes"), rowCount, Optional.ofNullable(rs.getString("schema")));
    }

    private static StoredRun run(ResultSet rs) throws SQLException {
        return new StoredRun(
                rs.getString("id"),
                rs.getString("pipeline"),
                RunStatus.fromLabel(rs.getString("status")),
                Instant.ofEpochMilli(rs.getLong("started_at")),
                instant(rs, "ended_at"),
                rs.getString("spec_yaml"),
                Optional.ofNullable(rs.getString("pipeline_file")),
                rs.getString("base_dir"),
                Optional.ofNullable(rs.getString("parent_run")),
                rs.getLong("pid"),
                rs.getString("host"),
                optionalLong(rs, "pid_start"));
    }

    private static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    private CacheEntry cacheEntry(ResultSet rs) throws SQLException {
        return CacheLookups.entry(rs, layout);
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    private static void setOptionalInt(PreparedStatement ps, int index, Optional<Integer> value) throws SQLException {
        if (value.isPresent()) {
            ps.setInt(index, value.get());
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }

    private static void setOptionalLong(PreparedStatement ps, int index, Optional<Long> value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.get());
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    private static void setOptionalInstant(PreparedStatement ps, int index, Optional<Instant> value)
            throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.get().toEpochMilli());
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code work} in one write transaction. The connection stays in auto-commit mode
     * and the transaction is begun by hand, IMMEDIATE so the write lock is taken up front: a
     * deferred transaction that later needs to write can deadlock with another process.
     */
    private void write(String what, SqlWork work) {
        later.flush();
        synchronized (this) {
            writeNow(what, work);
        }
    }

    private void writeNow(String what, SqlWork work) {
        try {
            dialect.inTransaction(db, work);
        } catch (SQLException e) {
            if (DiskFull.in(e)) {
                throw new StoreException(DiskFull.message("recording " + what.replaceFirst("^record ", ""), where), e);
            }
            throw new StoreException("cannot " + what + " in " + where + ": " + e.getMessage(), e);
        }
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
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
            if (dialect == Dialect.SQLITE) {
                throwIfDamaged(layout, e);
            }
            throw new StoreException("cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    private <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    @Override
    public void close() {
        try {
            later.close();
        } finally {
            try {
                lookups.ifPresent(CacheLookups::close);
            } finally {
                closeConnection();
            }
        }
    }

    private synchronized void closeConnection() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close " + where + ": " + e.getMessage(), e);
        }
    }
}
