package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code gantry logs --follow}: prints a step's log as it is written, from the start, looking
 * every {@link #TICK_MS} ms; moves on to a retry's log (unless an attempt was chosen) with a
 * line that says so; ends once the step, or its run, has ended and everything was printed.
 */
final class LogFollow {
    private static final long TICK_MS = 100;
    /** How many looks between reads of the step's status, which cost a query. */
    private static final int STATUS_EVERY = 5;

    private final RunHistory runs;
    private final String runId;
    private final String step;
    private final Optional<Integer> chosen;

    LogFollow(RunHistory runs, String runId, String step, Optional<Integer> chosen) {
        this.runs = runs;
        this.runId = runId;
        this.step = step;
        this.chosen = chosen;
    }

    void run(PrintStream out) throws IOException, InterruptedException {
        int attempt = chosen.orElse(0);
        long offset = 0;
        for (int look = 0; ; look++) {
            List<Path> logs = runs.logs(runId, step);
            if (attempt == 0 && !logs.isEmpty()) {
                attempt = 1;
            }
            if (attempt > 0 && attempt <= logs.size()) {
                offset = copyNew(logs.get(attempt - 1), offset, out);
                if (chosen.isEmpty() && logs.size() > attempt) {
                    attempt++;
                    offset = 0;
                    out.println("[gantry] attempt " + attempt + " of step '" + step + "'");
                    continue;
                }
            }
            if (look % STATUS_EVERY == 0 && ended()) {
                // What was written between the last look and the end.
                List<Path> last = runs.logs(runId, step);
                if (attempt > 0 && attempt <= last.size()) {
                    copyNew(last.get(attempt - 1), offset, out);
                }
                out.flush();
                return;
            }
            Thread.sleep(TICK_MS);
        }
    }

    private boolean ended() {
        Optional<StepRecord> record = runs.steps(runId).stream().filter(s -> s.step().equals(step)).findFirst();
        boolean stepEnded = record.map(r -> r.status().isFinal()).orElse(true);
        boolean runEnded = runs.find(runId).map(r -> r.status() != RunStatus.RUNNING).orElse(true);
        return stepEnded || runEnded;
    }

    private static long copyNew(Path log, long offset, PrintStream out) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long size = file.length();
            long at = offset;
            file.seek(at);
            while (at < size) {
                byte[] buffer = new byte[(int) Math.min(size - at, 1 << 20)];
                file.readFully(buffer);
                out.write(buffer);
                at += buffer.length;
            }
            out.flush();
            return at;
        }
    }
}
