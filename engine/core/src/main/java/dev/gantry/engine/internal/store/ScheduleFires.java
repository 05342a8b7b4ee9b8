package dev.gantry.engine.internal.store;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The fires of scheduled pipelines: each claimed by exactly one of the schedulers that share
 * the store, and what became of it.
 */
public final class ScheduleFires {
    private final StoreConnection connection;

    ScheduleFires(StoreConnection connection) {
        this.connection = connection;
    }

    /**
     * Claims fire {@code fireTime} of {@code schedule} for this process. Exactly one of several
     * schedulers sharing the store gets true for the same fire; the others must not run it.
     */
    public boolean claimFire(String schedule, Instant fireTime, String kind, String claimedBy) {
        boolean[] claimed = new boolean[1];
        connection.write("claim a fire of schedule " + schedule, () -> {
            try (PreparedStatement ps = connection.db.prepareStatement(
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
        connection.write("record a fire of schedule " + schedule, () -> {
            try (PreparedStatement ps = connection.db.prepareStatement(
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
    public List<ScheduleFire> of(String schedule) {
        return connection.query("SELECT * FROM schedule_fires WHERE schedule = ? ORDER BY fire_time", rs -> new ScheduleFire(
                rs.getString("schedule"), Instant.ofEpochMilli(rs.getLong("fire_time")), rs.getString("kind"),
                rs.getString("outcome"), Optional.ofNullable(rs.getString("run_id")), rs.getString("claimed_by")),
                schedule);
    }

}
