package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the run store's tables, brings a store written by an older version up to date, and
 * tells a store too new for this version apart. The statements are plain SQL that SQLite and
 * PostgreSQL both run (times are epoch milliseconds in BIGINT columns).
 */
final class Schema {
    static final int VERSION = 7;

    /** Names that keep a run through garbage collection; a name points to one run. */
    private static final String RUN_TAGS = """
        CREATE TABLE IF NOT EXISTS run_tags (
          name TEXT PRIMARY KEY,
          run_id TEXT NOT NULL,
          created_at BIGINT NOT NULL)""";

    /**
     * What each version adds to the one before, applied in order to a store of an older version:
     * {@code MIGRATIONS[i]} takes a store from version {@code i + 1} to {@code i + 2}. A new store
     * gets {@link #TABLES}, which already hold all of it.
     */
    private static final String[][] MIGRATIONS = {
        {
            // The start time of a run's engine, so that a pid reused by another process is not taken for it.
            "ALTER TABLE runs ADD COLUMN pid_start BIGINT",
            // The process of a step's running attempt, so that the processes a dead engine left are found.
            "ALTER TABLE step_runs ADD COLUMN pid BIGINT",
            "ALTER TABLE step_runs ADD COLUMN pid_start BIGINT",
            "ALTER TABLE step_runs ADD COLUMN attempt_token TEXT",
            "CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status)",
        },
        {
            // A failure's kind (exit code, out of memory, timeout...), which retries and reports go by.
            "ALTER TABLE step_runs ADD COLUMN failure_kind TEXT",
            "ALTER TABLE attempts ADD COLUMN failure_kind TEXT",
        },
        {
            // What started a run. Before, only the CLI and the scheduler did, and each fire names its run.
            "ALTER TABLE runs ADD COLUMN triggered_by TEXT",
            "UPDATE runs SET triggered_by = 'cli'",
            "UPDATE runs SET triggered_by = 'schedule' WHERE id IN"
                    + " (SELECT run_id FROM schedule_fires WHERE run_id IS NOT NULL)",
            // The server's runs list filters by pipeline, and lineage looks up who wrote a digest.
            "CREATE INDEX IF NOT EXISTS runs_by_pipeline ON runs (pipeline, started_at)",
            "CREATE INDEX IF NOT EXISTS outputs_by_digest ON step_outputs (sha256)",
        },
        {
            // The server's runs list filters by status or trigger, newest first: without the start
            // time beside them, a page sorted every matching run, and counting or filtering runs by
            // trigger read each whole row (the column comes after the run's spec).
            "DROP INDEX IF EXISTS runs_by_status",
            "CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status, started_at)",
            "CREATE INDEX IF NOT EXISTS runs_by_trigger ON runs (triggered_by, started_at)",
            // A pipeline's runs of one status: else SQLite, with no statistics to tell which of
            // runs_by_status and runs_by_pipeline selects fewer runs, read every run of the status.
            "CREATE INDEX IF NOT EXISTS runs_by_pipeline_status ON runs (pipeline, status, started_at)",
        },
        {
            // The executor a run's steps ran on, which a rerun or resume uses again unless told otherwise.
            "ALTER TABLE runs ADD COLUMN executor TEXT",
        },
        {
            // Tags keep a run and its objects through every garbage collection ('gantry tag').
            RUN_TAGS,
            "CREATE INDEX IF NOT EXISTS tags_by_run ON run_tags (run_id)",
            // Garbage collection removes a run's cache entries with it.
            "CREATE INDEX IF NOT EXISTS cache_by_run ON cache_entries (run_id)",
        },
    };

    private static final String[] TABLES = {
        """
        CREATE TABLE IF NOT EXISTS runs (
          id TEXT PRIMARY KEY,
          pipeline TEXT NOT NULL,
          status TEXT NOT NULL,
          started_at BIGINT NOT NULL,
          ended_at BIGINT,
          spec_yaml TEXT NOT NULL,
          pipeline_file TEXT,
          base_dir TEXT NOT NULL,
          parent_run TEXT,
          pid BIGINT NOT NULL,
          host TEXT NOT NULL,
          pid_start BIGINT,
          triggered_by TEXT,
          executor TEXT)""",
        """
        CREATE TABLE IF NOT EXISTS step_runs (
          run_id TEXT NOT NULL REFERENCES runs(id),
          step TEXT NOT NULL,
          position BIGINT NOT NULL,
          status TEXT NOT NULL,
          cache_key TEXT,
          key_parts TEXT,
          started_at BIGINT,
          ended_at BIGINT,
          attempts BIGINT NOT NULL DEFAULT 0,
          message TEXT,
          pid BIGINT,
          pid_start BIGINT,
          attempt_token TEXT,
          failure_kind TEXT,
          PRIMARY KEY (run_id, step))""",
        """
        CREATE TABLE IF NOT EXISTS attempts (
          run_id TEXT NOT NULL,
          step TEXT NOT NULL,
          attempt BIGINT NOT NULL,
          succeeded BIGINT NOT NULL,
          exit_code BIGINT,
          message TEXT,
          log_path TEXT NOT NULL,
          started_at BIGINT NOT NULL,
          ended_at BIGINT NOT NULL,
          failure_kind TEXT,
          PRIMARY KEY (run_id, step, attempt))""",
        """
        CREATE TABLE IF NOT EXISTS artifacts (
          sha256 TEXT PRIMARY KEY,
          size_bytes BIGINT NOT NULL,
          rows BIGINT,
          schema TEXT)""",
        """
        CREATE TABLE IF NOT EXISTS step_outputs (
          run_id TEXT NOT NULL,
          step TEXT NOT NULL,
          output TEXT NOT NULL,
          position BIGINT NOT NULL,
          type TEXT NOT NULL,
          sha256 TEXT NOT NULL REFERENCES artifacts(sha256),
          PRIMARY KEY (run_id, step, output))""",
        """
        CREATE TABLE IF NOT EXISTS cache_entries (
          cache_key TEXT PRIMARY KEY,
          step TEXT NOT NULL,
          pipeline TEXT NOT NULL,
          run_id TEXT NOT NULL,
          key_parts TEXT NOT NULL,
          outputs TEXT NOT NULL,
          created_at BIGINT NOT NULL)""",
        """
        CREATE TABLE IF NOT EXISTS schedule_fires (
          schedule TEXT NOT NULL,
          fire_time BIGINT NOT NULL,
          kind TEXT NOT NULL,
          outcome TEXT NOT NULL,
          run_id TEXT,
          claimed_at BIGINT NOT NULL,
          claimed_by TEXT NOT NULL,
          PRIMARY KEY (schedule, fire_time))""",
        RUN_TAGS,
        "CREATE INDEX IF NOT EXISTS cache_by_step ON cache_entries (step, created_at)",
        "CREATE INDEX IF NOT EXISTS cache_by_run ON cache_entries (run_id)",
        "CREATE INDEX IF NOT EXISTS tags_by_run ON run_tags (run_id)",
        "CREATE INDEX IF NOT EXISTS runs_by_start ON runs (started_at)",
        "CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status, started_at)",
        "CREATE INDEX IF NOT EXISTS runs_by_trigger ON runs (triggered_by, started_at)",
        "CREATE INDEX IF NOT EXISTS runs_by_pipeline ON runs (pipeline, started_at)",
        "CREATE INDEX IF NOT EXISTS runs_by_pipeline_status ON runs (pipeline, status, started_at)",
        "CREATE INDEX IF NOT EXISTS outputs_by_digest ON step_outputs (sha256)",
    };

    private Schema() {}

    static void ensure(Connection connection, Dialect dialect, String where) throws SQLException {
        dialect.inTransaction(connection, () -> {
            try (Statement st = connection.createStatement()) {
                dialect.lockSchema(st);
                st.execute("CREATE TABLE IF NOT EXISTS gantry_schema (version BIGINT NOT NULL)");
                int version = 0;
                try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM gantry_schema")) {
                    if (rs.next()) {
                        version = rs.getInt(1);
                    }
                }
                if (version > VERSION) {
                    throw new StoreException("the run store " + where + " was written by a newer Gantry "
                            + "(schema " + version + ", this one knows " + VERSION + "); upgrade Gantry");
                }
                if (version == VERSION) {
                    return;
                }
                if (version == 0) {
                    for (String ddl : TABLES) {
                        st.execute(ddl);
                    }
                } else {
                    for (int from = version; from < VERSION; from++) {
                        for (String ddl : MIGRATIONS[from - 1]) {
                            st.execute(ddl);
                        }
                    }
                }
                st.execute("INSERT INTO gantry_schema (version) VALUES (" + VERSION + ")");
            }
        });
    }
}
