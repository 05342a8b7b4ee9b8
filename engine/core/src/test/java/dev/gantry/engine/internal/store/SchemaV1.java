package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.RunTrigger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Writes a run store as Gantry's schema version 1 left it, with one finished run, for the migration tests. */
public final class SchemaV1 {
    private SchemaV1() {}

    /** Creates the version 1 tables and their one run in {@code db}. */
    public static void create(Connection db) throws SQLException, IOException {
        String script;
        try (InputStream in = SchemaV1.class.getResourceAsStream("schema-v1.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Statement st = db.createStatement()) {
            for (String statement : script.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    st.execute(statement);
                }
            }
        }
    }

    /** Checks what a store migrated from version 1 must do: read its old run, and record and read the new columns. */
    public static void assertMigrated(RunStore store) {
        RunRecord old = store.queries().run("old-run").orElseThrow();
        check(old.pidStart().isEmpty() && old.pid() == 4242, "the old run reads back without a start time: " + old);
        check(old.trigger() == RunTrigger.CLI, "the old run reads back as started from the CLI: " + old);
        store.records().createRun("new-run", () -> new RunRecord("new-run", "p", RunStatus.RUNNING,
                Instant.now(), Optional.empty(), "name: p", Optional.empty(), "/",
                Optional.empty(), 7, "here", Optional.of(123L), RunTrigger.UI, Optional.of("local")), List.of("a"));
        store.records().stepStarted("new-run", "a", Optional.empty(), "{}", Instant.now());
        store.records().stepProcessStarted("new-run", "a", 99, Optional.of(456L), "new-run/a/1/abc");
        store.flush();
        check(store.queries().run("new-run").orElseThrow().pidStart().equals(Optional.of(123L)),
                "the new run records its engine's start time");
        check(store.queries().run("new-run").orElseThrow().trigger() == RunTrigger.UI,
                "the new run records what started it");
        check(store.queries().run("new-run").orElseThrow().executor().equals(Optional.of("local")),
                "the new run records its executor");
        check(store.records().runningProcesses("new-run").equals(List.of(
                new StoredProcess("a", 99, Optional.of(456L), "new-run/a/1/abc"))),
                "the step's process is recorded: " + store.records().runningProcesses("new-run"));
        check(store.records().runsInProgress("here").stream().map(RunRecord::id).toList().equals(List.of("new-run")),
                "the new run is in progress");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
