package dev.gantry.engine.internal.store;

import static dev.gantry.engine.internal.store.StoreConnection.optionalLong;
import static dev.gantry.engine.internal.store.StoreConnection.setOptionalInstant;
import static dev.gantry.engine.internal.store.StoreConnection.setOptionalInt;
import static dev.gantry.engine.internal.store.StoreConnection.setOptionalLong;

import dev.gantry.engine.api.AttemptRecord;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StoreException;
import dev.gantry.spec.FailureKind;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The part of the run store that a run writes as it goes: the run and its planned steps, each
 * step's start, process, attempts and end, with its outputs and cache entry. Writes go to the
 * background writer in order ({@link RunStore#flush} waits for them); a run's end is written at
 * once.
 */
public final class RunRecords {
    private final StoreConnection connection;
    private final CacheIndex cache;
    /** Runs whose record is known to be committed. */
    private final Set<String> recordedRuns = ConcurrentHashMap.newKeySet();

    RunRecords(StoreConnection connection, CacheIndex cache) {
        this.connection = connection;
        this.cache = cache;
    }

    /**
     * Records a new run and its planned steps, all pending, in the background, before every
     * later write. The record is made on the writer thread: writing a large pipeline's spec
     * as YAML takes a while, and the run need not wait for it.
     */
    public void createRun(String runId, Supplier<RunRecord> record, List<String> plannedSteps) {
        connection.later.submit("record run " + runId, () -> {
            RunRecord run = record.get();
            try (PreparedStatement ps = connection.db.prepareStatement(
                    "INSERT INTO runs (id, pipeline, status, started_at, spec_yaml, pipeline_file, base_dir, "
                            + "parent_run, pid, host, pid_start, triggered_by, executor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
                ps.setString(12, run.trigger().label());
                ps.setString(13, run.executor().orElse(null));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.db.prepareStatement(
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
            connection.later.flush();
            recordedRuns.add(runId);
        }
        connection.later.submit("record start of step " + step, () -> {
            PreparedStatement ps = connection.statement(
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
        connection.later.submit("record the process of step " + step, () -> {
            PreparedStatement ps = connection.statement(
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
    public List<StoredProcess> runningProcesses(String runId) {
        return connection.query("SELECT step, pid, pid_start, attempt_token FROM step_runs "
                + "WHERE run_id = ? AND status = 'running' AND pid IS NOT NULL ORDER BY position",
                rs -> new StoredProcess(rs.getString("step"), rs.getLong("pid"), optionalLong(rs, "pid_start"),
                        rs.getString("attempt_token")), runId);
    }

    /** The runs recorded as running on {@code host}, oldest first: in progress, or their engine died. */
    public List<RunRecord> runsInProgress(String host) {
        return connection.query("SELECT * FROM runs WHERE status = 'running' AND host = ? ORDER BY started_at, id",
                RunQueries::run, host);
    }

    /** Records one finished attempt of a step. Committed in the background. */
    public void recordAttempt(String runId, String step, AttemptRecord attempt) {
        connection.later.submit("record attempt of step " + step, () -> {
            PreparedStatement ps = connection.statement(
                    "INSERT INTO attempts (run_id, step, attempt, succeeded, exit_code, message, log_path, "
                            + "started_at, ended_at, failure_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (run_id, step, attempt) DO UPDATE SET succeeded = excluded.succeeded, "
                            + "exit_code = excluded.exit_code, message = excluded.message, "
                            + "log_path = excluded.log_path, ended_at = excluded.ended_at, "
                            + "failure_kind = excluded.failure_kind");
            ps.setString(1, runId);
            ps.setString(2, step);
            ps.setInt(3, attempt.attempt());
            ps.setInt(4, attempt.succeeded() ? 1 : 0);
            setOptionalInt(ps, 5, attempt.exitCode());
            ps.setString(6, attempt.message().orElse(null));
            ps.setString(7, attempt.logPath());
            ps.setLong(8, attempt.startedAt().toEpochMilli());
            ps.setLong(9, attempt.endedAt().toEpochMilli());
            ps.setString(10, attempt.failureKind().map(FailureKind::yamlName).orElse(null));
            ps.executeUpdate();
        });
    }

    /**
     * Records how a step ended, its outputs and, when {@code cacheAs} is given, the cache
     * entry that lets later runs reuse them: all in one transaction, so a crash leaves
     * either the whole record or none of it. Committed in the background, after every
     * earlier write: {@link #flush} waits for it.
     */
    public void completeStep(StepRecord step, String pipeline, Optional<String> cacheAs) {
        connection.later.submit("record result of step " + step.step(), () -> {
            PreparedStatement ps = connection.statement(
                    "UPDATE step_runs SET status = ?, cache_key = COALESCE(?, cache_key), "
                            + "key_parts = COALESCE(?, key_parts), started_at = COALESCE(started_at, ?), "
                            + "ended_at = ?, attempts = ?, message = ?, failure_kind = ? WHERE run_id = ? AND step = ?");
            ps.setString(1, step.status().label());
            ps.setString(2, step.cacheKey().orElse(null));
            ps.setString(3, step.keyParts().orElse(null));
            setOptionalInstant(ps, 4, step.startedAt());
            setOptionalInstant(ps, 5, step.endedAt());
            ps.setInt(6, step.attempts());
            ps.setString(7, step.message().orElse(null));
            ps.setString(8, step.failureKind().map(FailureKind::yamlName).orElse(null));
            ps.setString(9, step.runId());
            ps.setString(10, step.step());
            ps.executeUpdate();
            insertOutputs(step);
            if (cacheAs.isPresent()) {
                cache.insert(cacheAs.get(), step, pipeline);
            }
        });
    }

    private void insertOutputs(StepRecord step) throws SQLException {
        if (step.outputs().isEmpty()) {
            return;
        }
        PreparedStatement art = connection.statement(
                "INSERT INTO artifacts (sha256, size_bytes, rows, schema) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (sha256) DO UPDATE SET rows = COALESCE(excluded.rows, artifacts.rows), "
                        + "schema = COALESCE(excluded.schema, artifacts.schema)");
        PreparedStatement out = connection.statement(
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
     * After a background write failed, waits until every write still queued has been committed
     * or has failed too, so that what the store holds stays as it is until the caller writes
     * again.
     */
    public void drain() {
        connection.later.drain();
    }

    /**
     * After a background write failed (its {@link StoreException} thrown by {@link #flush} or
     * a later write), forgets the failure and returns the steps of {@code runId} that the
     * store still shows pending or running: those whose end was lost with the write, for the
     * caller to record again.
     */
    public List<String> stepsLeftOpen(String runId) {
        connection.later.forgetFailure();
        synchronized (connection) {
            return connection.query("SELECT step FROM step_runs WHERE run_id = ? AND status IN ('pending', 'running') "
                    + "ORDER BY position", rs -> rs.getString(1), runId);
        }
    }

    /** Records how a run ended, after every background write. */
    public void finishRun(String runId, RunStatus status, Instant at) {
        connection.write("record end of run " + runId, () -> {
            try (PreparedStatement ps = connection.db.prepareStatement(
                    "UPDATE runs SET status = ?, ended_at = ? WHERE id = ?")) {
                ps.setString(1, status.label());
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, runId);
                ps.executeUpdate();
            }
        });
    }

}
