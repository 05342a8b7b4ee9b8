package dev.gantry.server.internal.schedules;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.schedule.CronClock;
import dev.gantry.engine.schedule.ScheduledPipeline;
import dev.gantry.engine.schedule.SchedulerDaemon;
import dev.gantry.server.internal.http.Json;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;

/** {@code GET /api/schedules}: the schedules this server runs, with their next fire times. */
public final class SchedulesApi {
    private static final int NEXT = 5;

    private final Optional<SchedulerDaemon> scheduler;

    public SchedulesApi(Optional<SchedulerDaemon> scheduler) {
        this.scheduler = scheduler;
    }

    public void list(Context ctx) {
        ArrayNode items = Json.array();
        Instant now = Instant.now();
        scheduler.ifPresent(daemon -> {
            for (ScheduledPipeline p : daemon.scheduled().values()) {
                ObjectNode item = items.addObject();
                item.put("pipeline", p.name());
                item.put("file", p.file().toString());
                item.put("cron", p.schedule().cron());
                item.put("timezone", p.schedule().timezone().getId());
                item.put("misfire", p.schedule().misfire().yamlName());
                item.put("overlap", p.schedule().overlap().yamlName());
                ArrayNode next = item.putArray("next");
                for (Instant t : new CronClock(p.schedule()).next(now, NEXT)) {
                    next.add(t.toString());
                }
            }
        });
        ctx.json(items);
    }
}
