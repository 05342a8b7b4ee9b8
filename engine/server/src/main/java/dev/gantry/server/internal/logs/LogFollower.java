package dev.gantry.server.internal.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.server.internal.files.StoreFiles;
import dev.gantry.server.internal.http.Json;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what a step writes to its log to one SSE client, looking every {@link #TICK_MS} ms, until
 * the step has ended and every byte was sent, or the client goes away.
 */
final class LogFollower {
    private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);
    /** How often the log is looked at: a line reaches the client within this much of being written. */
    static final long TICK_MS = 40;
    /** How many ticks between looks at the step's status, which costs a query. */
    private static final int STATUS_EVERY = 10;
    private static final int CHUNK = 64 * 1024;

    private final SseClient client;
    private final RunHistory history;
    private final StoreFiles files;
    private final String runId;
    private final String step;
    private int attempt;
    private long offset;
    private int ticks;
    private volatile ScheduledFuture<?> task;

    LogFollower(SseClient client, RunHistory history, StoreFiles files, String runId, String step, long offset) {
        this.client = client;
        this.history = history;
        this.files = files;
        this.runId = runId;
        this.step = step;
        this.offset = offset;
    }

    void start(ScheduledExecutorService executor) {
        client.onClose(this::stop);
        task = executor.scheduleWithFixedDelay(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void stop() {
        ScheduledFuture<?> running = task;
        if (running != null) {
            running.cancel(false);
        }
    }

    private void tick() {
        try {
            if (client.terminated()) {
                stop();
                return;
            }
            boolean sent = sendNew();
            if (!sent && ticks++ % STATUS_EVERY == 0) {
                checkEnd();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("following the log of step '{}' of run {} stopped: {}", step, runId, e.toString());
            client.close();
            stop();
        }
    }

    /** Sends what was written since the last look; returns whether there was anything. */
    private boolean sendNew() throws IOException {
        List<Path> logs = history.logs(runId, step);
        if (logs.isEmpty()) {
            return false;
        }
        if (attempt == 0) {
            attempt = logs.size();
        }
        Path log = files.inside(logs.get(attempt - 1), "the log");
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long size = file.length();
            if (size <= offset) {
                return false;
            }
            byte[] bytes = new byte[(int) Math.min(CHUNK, size - offset)];
            file.seek(offset);
            file.readFully(bytes);
            int end = completeUpTo(bytes);
            if (end == 0) {
                return false;
            }
            ObjectNode event = Json.object();
            event.put("attempt", attempt);
            event.put("offset", offset);
            event.put("text", new String(bytes, 0, end, StandardCharsets.UTF_8));
            client.sendEvent("log", Json.write(event));
            offset += end;
            return true;
        }
    }

    /** Ends the stream once the step has ended and all was sent; moves on to a retry's log. */
    private void checkEnd() throws IOException {
        List<Path> logs = history.logs(runId, step);
        if (attempt > 0 && logs.size() > attempt) {
            attempt = logs.size();
            offset = 0;
            ObjectNode event = Json.object();
            event.put("attempt", attempt);
            client.sendEvent("attempt", Json.write(event));
            return;
        }
        StepRecord record = history.steps(runId).stream().filter(s -> s.step().equals(step)).findFirst().orElseThrow();
        if (record.status().isFinal() && !sendNew()) {
            ObjectNode event = Json.object();
            event.put("status", record.status().label());
            event.put("offset", offset);
            client.sendEvent("end", Json.write(event));
            client.close();
            stop();
        }
    }

    /** How many of {@code bytes} end on a whole UTF-8 character: a character cut by the read waits for the next. */
    private static int completeUpTo(byte[] bytes) {
        int end = bytes.length;
        int back = 0;
        while (back < 4 && end - back - 1 >= 0 && (bytes[end - back - 1] & 0xC0) == 0x80) {
            back++;
        }
        if (end - back - 1 >= 0) {
            int lead = bytes[end - back - 1] & 0xFF;
            int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (need > back + 1) {
                return end - back - 1;
            }
        }
        return end;
    }
}
