package dev.gantry.server.internal.live;

import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunEventListener;
import dev.gantry.engine.api.RunFilter;
import dev.gantry.server.internal.http.ApiException;
import dev.gantry.server.internal.http.Json;
import dev.gantry.server.internal.runs.RunsApi;
import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The live views, as Server-Sent Events: {@code /api/runs/live} sends the newest runs whenever
 * they change, and {@code /api/runs/{run}/live} a run with its steps. Events of the runs this
 * server's engines make are heard at once; runs made by other processes show within a second.
 */
public final class LiveUpdates implements RunEventListener {
    private static final int LIVE_RUNS = 50;

    private final RunsApi runs;
    private final ScheduledExecutorService executor;
    private final Set<SnapshotStream> streams = ConcurrentHashMap.newKeySet();

    public LiveUpdates(RunsApi runs, ScheduledExecutorService executor) {
        this.runs = runs;
        this.executor = executor;
    }

    @Override
    public void on(RunEvent event) {
        if (!(event instanceof RunEvent.StepOutput)) {
            streams.forEach(SnapshotStream::nudge);
        }
    }

    /** {@code GET /api/runs/live}: {@code runs} events, each the first page of runs, as {@code GET /api/runs} gives it. */
    public void runs(SseClient client) {
        open(client, "runs", () -> Json.write(runs.listJson(RunFilter.newest(LIVE_RUNS))));
    }

    /** {@code GET /api/runs/{run}/live}: {@code run} events, each the run as {@code GET /api/runs/{run}} gives it. */
    public void run(SseClient client) {
        String ref = client.ctx().pathParam("run");
        String id;
        try {
            id = runs.run(ref).id();
        } catch (ApiException e) {
            client.sendEvent("error", e.getMessage());
            client.close();
            return;
        }
        open(client, "run", () -> Json.write(runs.runJson(id)));
    }

    private void open(SseClient client, String event, java.util.function.Supplier<String> snapshot) {
        client.keepAlive();
        SnapshotStream stream = new SnapshotStream(client, event, snapshot, executor);
        streams.add(stream);
        stream.start(() -> streams.remove(stream));
    }
}
