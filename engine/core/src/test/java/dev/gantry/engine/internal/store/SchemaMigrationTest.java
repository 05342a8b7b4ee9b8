package dev.gantry.engine.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gantry.db written by the first schema opens, keeps its runs, and gains the new columns and indexes. */
class SchemaMigrationTest {
    @TempDir
    Path dir;

    @Test
    void storeOfSchemaVersionOneOpensAndRecordsProcessStartTimes() throws Exception {
        StoreLayout layout = new StoreLayout(dir.resolve(".gantry"));
        java.nio.file.Files.createDirectories(layout.root());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + layout.database())) {
            SchemaV1.create(db);
        }
        try (RunStore store = RunStore.open(layout)) {
            SchemaV1.assertMigrated(store);
        }
        // Opened again, it is already up to date.
        try (RunStore store = RunStore.open(layout)) {
            store.queries().run("new-run").orElseThrow();
        }
        // The runs list's filters by status and by trigger are answered newest first from an index.
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + layout.database())) {
            assertThat(indexColumns(db, "runs_by_status")).containsExactly("status", "started_at");
            assertThat(indexColumns(db, "runs_by_trigger")).containsExactly("triggered_by", "started_at");
            assertThat(indexColumns(db, "runs_by_pipeline_status")).containsExactly("pipeline", "status", "started_at");
        }
    }

    private static List<String> indexColumns(Connection db, String index) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA index_info(" + index + ")")) {
            while (rs.next()) {
                columns.add(rs.getString("name"));
            }
        }
        return columns;
    }
}
