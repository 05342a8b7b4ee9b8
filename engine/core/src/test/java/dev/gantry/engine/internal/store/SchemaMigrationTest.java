package dev.gantry.engine.internal.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gantry.db written by the previous schema opens, keeps its runs, and gains the new columns. */
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
    }
}
