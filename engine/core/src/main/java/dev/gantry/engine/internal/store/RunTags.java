package dev.gantry.engine.internal.store;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tags: names that each point to one run, which garbage collection keeps, with every object it
 * refers to, until the tag is removed. A run may have several tags; a name points to one run.
 */
public final class RunTags {
    private final StoreConnection connection;

    RunTags(StoreConnection connection) {
        this.connection = connection;
    }

    /** The run the tag {@code name} points to, if there is such a tag. */
    public Optional<String> run(String name) {
        return connection.queryOne("SELECT run_id FROM run_tags WHERE name = ?", rs -> rs.getString(1), name);
    }

    /** Points the tag {@code name} to run {@code runId}, from wherever it pointed before. */
    public void put(String name, String runId) {
        connection.write("tag run " + runId + " as '" + name + "'", () -> {
            try (PreparedStatement ps = connection.db.prepareStatement(
                    "INSERT INTO run_tags (name, run_id, created_at) VALUES (?, ?, ?) ON CONFLICT (name) "
                            + "DO UPDATE SET run_id = excluded.run_id, created_at = excluded.created_at")) {
                ps.setString(1, name);
                ps.setString(2, runId);
                ps.setLong(3, Instant.now().toEpochMilli());
                ps.executeUpdate();
            }
        });
    }

    /** Removes the tag {@code name}; returns whether there was one. */
    public boolean remove(String name) {
        boolean[] removed = {false};
        connection.write("remove tag '" + name + "'", () -> {
            try (PreparedStatement ps = connection.db.prepareStatement("DELETE FROM run_tags WHERE name = ?")) {
                ps.setString(1, name);
                removed[0] = ps.executeUpdate() > 0;
            }
        });
        return removed[0];
    }

    /** The tags of run {@code runId}, by name. */
    public List<String> of(String runId) {
        return connection.query("SELECT name FROM run_tags WHERE run_id = ? ORDER BY name", rs -> rs.getString(1),
                runId);
    }

    /** Every tag, by name, with the run it points to. */
    public Map<String, String> all() {
        Map<String, String> tags = new LinkedHashMap<>();
        connection.forEach("SELECT name, run_id FROM run_tags ORDER BY name", rs -> tags.put(rs.getString(1),
                rs.getString(2)));
        return tags;
    }
}
