package dev.gantry.engine.internal.store;

import static dev.gantry.engine.internal.store.StoreConnection.instant;
import static dev.gantry.engine.internal.store.StoreConnection.optionalLong;

import dev.gantry.engine.api.AttemptRecord;
import dev.gantry.engine.api.LineageLink;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunFilter;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.RunTrigger;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.FailureKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the run store says of past runs: the runs, their steps with their outputs, and attempts. */
public final class RunQueries {
    private final StoreConnection connection;

    RunQueries(StoreConnection connection) {
        this.connection = connection;
    }

    /** The newest runs first, at most {@code limit}. */
    public List<RunRecord> runs(int limit) {
        return connection.query("SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?", RunQueries::run, limit);
    }

    /**
     * The runs {@code filter} matches, newest first: its page of them. The page is chosen by id
     * first, so that sorting and skipping the matching runs reads their few short columns only:
     * a run's row holds its whole spec, kilobytes for a large pipeline, and selecting every
     * column there made SQLite sort thousands of specs to keep fifty (half a second for a filter
     * matching 8,000 runs of 100 steps).
     */
    public List<RunRecord> runs(RunFilter filter) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args);
        args.add(filter.limit());
        args.add(filter.offset());
        return connection.query("SELECT * FROM runs WHERE id IN (SELECT id FROM runs" + where
                + " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?) ORDER BY started_at DESC, id DESC",
                RunQueries::run, args.toArray());
    }

    /** How many runs {@code filter} matches, on every page. */
    public long count(RunFilter filter) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args);
        return connection.queryOne("SELECT COUNT(*) FROM runs" + where, rs -> rs.getLong(1), args.toArray())
                .orElse(0L);
    }

    private static String where(RunFilter filter, List<Object> args) {
        List<String> terms = new ArrayList<>();
        filter.pipeline().ifPresent(p -> {
            terms.add("pipeline = ?");
            args.add(p);
        });
        filter.status().ifPresent(s -> {
            terms.add("status = ?");
            args.add(s.label());
        });
        filter.trigger().ifPresent(t -> {
            terms.add("triggered_by = ?");
            args.add(t.label());
        });
        filter.startedFrom().ifPresent(t -> {
            terms.add("started_at >= ?");
            args.add(t.toEpochMilli());
        });
        filter.startedBefore().ifPresent(t -> {
            terms.add("started_at < ?");
            args.add(t.toEpochMilli());
        });
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    /** How many steps of each run in {@code runIds} ended in each status. */
    public Map<String, Map<StepStatus, Integer>> stepCounts(Collection<String> runIds) {
        Map<String, Map<StepStatus, Integer>> counts = new HashMap<>();
        if (runIds.isEmpty()) {
            return counts;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(runIds.size(), "?"));
        connection.query("SELECT run_id, status, COUNT(*) FROM step_runs WHERE run_id IN (" + marks + ")"
                + " GROUP BY run_id, status", rs -> {
                    counts.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(StepStatus.class))
                            .put(StepStatus.fromLabel(rs.getString(2)), rs.getInt(3));
                    return null;
                }, runIds.toArray());
        return counts;
    }

    /**
     * Every succeeded step whose key parts name the artifact {@code sha256}, oldest first: the
     * candidates for the steps that read it, which the caller confirms against their inputs.
     */
    public List<StepRecord> stepsMentioning(String sha256, int limit) {
        List<String[]> found = connection.query("SELECT run_id, step FROM step_runs WHERE key_parts LIKE ?"
                + " ORDER BY started_at LIMIT ?", rs -> new String[] {rs.getString(1), rs.getString(2)},
                "%" + sha256 + "%", limit);
        List<StepRecord> steps = new ArrayList<>();
        for (String[] row : found) {
            steps(row[0]).stream().filter(s -> s.step().equals(row[1])).forEach(steps::add);
        }
        return steps;
    }

    /** Every recorded step that wrote the artifact {@code sha256}: run, step and output, oldest first. */
    public List<LineageLink.Producer> producers(String sha256) {
        return connection.query("SELECT o.run_id, o.step, o.output FROM step_outputs o JOIN step_runs s"
                + " ON s.run_id = o.run_id AND s.step = o.step WHERE o.sha256 = ?"
                + " ORDER BY s.started_at, o.run_id",
                rs -> new LineageLink.Producer(rs.getString(1), rs.getString(2), rs.getString(3)), sha256);
    }

    /** The run with id {@code id}, or the only run whose id starts with it. */
    public Optional<RunRecord> run(String idOrPrefix) {
        Optional<RunRecord> exact = connection.queryOne("SELECT * FROM runs WHERE id = ?", RunQueries::run, idOrPrefix);
        if (exact.isPresent()) {
            return exact;
        }
        List<RunRecord> matches = connection.query("SELECT * FROM runs WHERE id LIKE ? ESCAPE '\\' LIMIT 2", RunQueries::run,
                idOrPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** The steps of a run, in plan order, with their outputs. */
    public List<StepRecord> steps(String runId) {
        Map<String, Map<String, OutputArtifact>> outputs = new LinkedHashMap<>();
        connection.query("SELECT o.step, o.output, o.type, o.sha256, a.size_bytes, a.rows, a.schema FROM step_outputs o "
                + "JOIN artifacts a ON a.sha256 = o.sha256 WHERE o.run_id = ? ORDER BY o.step, o.position", rs -> {
                    outputs.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), artifact(rs));
                    return null;
                }, runId);
        return connection.query("SELECT * FROM step_runs WHERE run_id = ? ORDER BY position", rs -> new StepRecord(
                rs.getString("run_id"),
                rs.getString("step"),
                StepStatus.fromLabel(rs.getString("status")),
                Optional.ofNullable(rs.getString("cache_key")),
                Optional.ofNullable(rs.getString("key_parts")),
                instant(rs, "started_at"),
                instant(rs, "ended_at"),
                rs.getInt("attempts"),
                Optional.ofNullable(rs.getString("message")),
                failureKind(rs),
                outputs.getOrDefault(rs.getString("step"), Map.of())), runId);
    }

    /**
     * The step that first wrote the artifact {@code sha256} and succeeded: the run, step and
     * output, oldest first by the step's start; empty when no recorded step wrote it.
     */
    public Optional<LineageLink.Producer> firstProducer(String sha256) {
        return connection.queryOne("SELECT o.run_id, o.step, o.output FROM step_outputs o JOIN step_runs s"
                + " ON s.run_id = o.run_id AND s.step = o.step WHERE o.sha256 = ? AND s.status = 'succeeded'"
                + " ORDER BY s.started_at, o.run_id LIMIT 1",
                rs -> new LineageLink.Producer(rs.getString(1), rs.getString(2), rs.getString(3)), sha256);
    }

    /** The attempts of one step of a run, in order. */
    public List<AttemptRecord> attempts(String runId, String step) {
        return connection.query("SELECT * FROM attempts WHERE run_id = ? AND step = ? ORDER BY attempt", rs -> new AttemptRecord(
                rs.getInt("attempt"),
                rs.getInt("succeeded") == 1,
                exitCode(rs),
                Optional.ofNullable(rs.getString("message")),
                failureKind(rs),
                rs.getString("log_path"),
                Instant.ofEpochMilli(rs.getLong("started_at")),
                Instant.ofEpochMilli(rs.getLong("ended_at"))), runId, step);
    }

    /** The kind of a row's failure; none for a success, and for a failure recorded before kinds were. */
    private static Optional<FailureKind> failureKind(ResultSet rs) throws SQLException {
        return Optional.ofNullable(rs.getString("failure_kind")).flatMap(FailureKind::fromYamlName);
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
        return new OutputArtifact(sha, connection.layout.object(sha),
                ArtifactType.fromYamlName(rs.getString("type")).orElse(ArtifactType.FILE),
                rs.getLong("size_bytes"), rowCount, Optional.ofNullable(rs.getString("schema")));
    }

    static RunRecord run(ResultSet rs) throws SQLException {
        return new RunRecord(
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
                optionalLong(rs, "pid_start"),
                Optional.ofNullable(rs.getString("triggered_by")).flatMap(RunTrigger::fromLabel).orElse(RunTrigger.CLI),
                Optional.ofNullable(rs.getString("executor")));
    }

}
