package dev.gantry.server.internal.logs;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.server.internal.files.StoreFiles;
import dev.gantry.server.internal.http.ApiException;
import dev.gantry.server.internal.http.QueryParams;
import dev.gantry.server.internal.runs.RunsApi;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A step's log: whole, a byte range of it, or followed live with Server-Sent Events. Only logs
 * of the store's own runs are read, through {@link StoreFiles}.
 */
public final class LogsApi {
    /** The most bytes one answer holds; ask for a range to read further. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private final RunHistory history;
    private final RunsApi runs;
    private final StoreFiles files;
    private final ScheduledExecutorService ticks;

    public LogsApi(RunHistory history, RunsApi runs, StoreFiles files, ScheduledExecutorService ticks) {
        this.history = history;
        this.runs = runs;
        this.files = files;
        this.ticks = ticks;
    }

    /**
     * {@code GET /api/runs/{run}/steps/{step}/log}: the log of the last attempt, or of
     * {@code ?attempt=N}; {@code ?offset=} and {@code ?length=} read a byte range. The log's size
     * is in the {@code X-Log-Size} header.
     */
    public void read(Context ctx) throws IOException {
        Path log = log(ctx);
        long offset = QueryParams.nonNegative(ctx, "offset", 0);
        long length = QueryParams.nonNegative(ctx, "length", MAX_BYTES);
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long size = file.length();
            long from = Math.min(offset, size);
            int count = (int) Math.min(Math.min(length, MAX_BYTES), size - from);
            byte[] bytes = new byte[count];
            file.seek(from);
            file.readFully(bytes);
            ctx.header("X-Log-Size", Long.toString(size));
            ctx.header("X-Log-Offset", Long.toString(from));
            ctx.contentType("text/plain; charset=utf-8");
            ctx.result(bytes);
        }
    }

    /**
     * {@code GET /api/runs/{run}/steps/{step}/log/follow}: the log as Server-Sent Events, from
     * {@code ?offset=} (default 0): {@code log} events carry what was written, an {@code attempt}
     * event says a retry began its own log, and an {@code end} event comes once the step has ended
     * and all of its log was sent, after which the stream closes.
     */
    public void follow(SseClient client) {
        Context ctx = client.ctx();
        RunRecord run;
        StepRecord step;
        try {
            run = runs.run(ctx.pathParam("run"));
            step = runs.step(run, ctx.pathParam("step"));
        } catch (ApiException e) {
            client.sendEvent("error", e.getMessage());
            client.close();
            return;
        }
        client.keepAlive();
        LogFollower follower = new LogFollower(client, history, files, run.id(), step.step(),
                QueryParams.nonNegative(ctx, "offset", 0));
        follower.start(ticks);
    }

    private Path log(Context ctx) {
        RunRecord run = runs.run(ctx.pathParam("run"));
        StepRecord step = runs.step(run, ctx.pathParam("step"));
        List<Path> logs = history.logs(run.id(), step.step());
        if (logs.isEmpty()) {
            throw ApiException.notFound("step '" + step.step() + "' of run " + run.id() + " has no log yet (it is "
                    + step.status().label() + ")");
        }
        String attempt = ctx.queryParam("attempt");
        int n = logs.size();
        if (attempt != null) {
            try {
                n = Integer.parseInt(attempt);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > logs.size()) {
                throw ApiException.notFound("step '" + step.step() + "' of run " + run.id() + " has no attempt '"
                        + attempt + "' with a log (it has " + logs.size() + ")");
            }
        }
        return files.inside(logs.get(n - 1), "the log of attempt " + n);
    }
}
