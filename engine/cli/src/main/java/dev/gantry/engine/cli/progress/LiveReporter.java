package dev.gantry.engine.cli.progress;

import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shows a run on a terminal: finished steps, failures with their records, notices and (with
 * {@code --verbose}) every line the steps print scroll up as permanent lines, and below them a
 * {@link LiveBlock} of counts and running steps is drawn again in place, at most ten times a
 * second, every line of it cut to the terminal's width so that none wraps and leaves a stale line.
 *
 * <p>Only the drawing thread writes while the run goes on: events change the {@link RunTally}
 * and queue lines, so a step that prints fast costs no write per line.
 */
final class LiveReporter implements RunDisplay {
    private static final String ESC = "\u001b[";
    private static final long FRAME_MILLIS = 100;

    private final PrintStream out;
    private final boolean verbose;
    private final boolean colour;
    private final TerminalSize size;
    private final RunText text = new RunText(ScreenText::clean);
    private final RunTally tally = new RunTally();
    /** Permanent lines not yet written, rendered. */
    private final List<String> pending = new ArrayList<>();
    /** How many lines of the block are on the screen, above the cursor. */
    private int drawn;
    private String lastFrame = "";
    private boolean live;
    private Thread ticker;

    LiveReporter(PrintStream out, boolean verbose, boolean colour, TerminalSize size) {
        this.out = out;
        this.verbose = verbose;
        this.colour = colour;
        this.size = size;
    }

    @Override
    public void notice(String message) {
        permanent("notice: " + message);
    }

    @Override
    public void warning(String message) {
        permanent("warning: " + message);
    }

    @Override
    public void runStarted(String runId, String pipeline, List<String> steps) {
        String header = text.started(runId, pipeline, steps);
        synchronized (this) {
            tally.started(steps.size());
            pending.add(header);
            live = true;
        }
        ticker = new Thread(this::tick, "progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    @Override
    public void trialsPlanned(Map<String, Map<String, String>> values) {
        text.trialsPlanned(values);
    }

    @Override
    public void stepStarted(String step, int attempt, int maxAttempts) {
        synchronized (this) {
            tally.stepStarted(step, System.nanoTime());
            if (attempt > 1) {
                pending.add(render(text.retry(step, attempt, maxAttempts)));
            }
        }
    }

    @Override
    public void stepOutput(String step, String line) {
        synchronized (this) {
            tally.stepOutput(step, line);
            if (verbose) {
                pending.add("[" + step + "] " + ScreenText.clean(line));
            }
        }
    }

    @Override
    public void stepRetrying(String step, int failedAttempt, String reason, long backoffMillis) {
        synchronized (this) {
            tally.stepRetrying(step);
            pending.add(render(text.retrying(step, failedAttempt, reason, backoffMillis)));
        }
    }

    @Override
    public void stepFinished(StepResult result, List<String> logTail, Optional<Path> log) {
        synchronized (this) {
            tally.stepFinished(result.name(), result.status());
            pending.add(render(text.finished(result)));
        }
    }

    @Override
    public void runFinished(RunResult result) {
        synchronized (this) {
            pending.add(render(RunText.summary(result)));
        }
        close();
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.interrupt();
            try {
                ticker.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            live = false;
            draw();
        }
    }

    /** A line that scrolls up: written at once before the run starts, else with the next frame. */
    private synchronized void permanent(String line) {
        pending.add(ScreenText.clean(line));
        if (!live) {
            draw();
        }
    }

    private String render(StyledLine line) {
        return line.render(Integer.MAX_VALUE, colour);
    }

    /** Draws a frame ten times a second until the run ends. */
    private void tick() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                synchronized (this) {
                    draw();
                }
                Thread.sleep(FRAME_MILLIS);
            }
        } catch (InterruptedException e) {
            // The run is over: runFinished draws the last frame.
        }
    }

    /**
     * Moves the cursor up over the block drawn last, clears from there to the end of the screen,
     * writes the pending permanent lines and then the block again. Nothing is written when
     * nothing would change.
     */
    private void draw() {
        StringBuilder frame = new StringBuilder();
        if (live) {
            int columns = size.columns();
            for (StyledLine line : LiveBlock.lines(tally, text, System.nanoTime(), size.rows())) {
                frame.append(line.render(columns, colour)).append('\n');
            }
        }
        if (pending.isEmpty() && frame.toString().equals(lastFrame)) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) {
            sb.append('\r').append(ESC).append(drawn).append('A').append(ESC).append('J');
        }
        pending.forEach(line -> sb.append(line).append('\n'));
        pending.clear();
        sb.append(frame);
        drawn = live ? (int) frame.chars().filter(c -> c == '\n').count() : 0;
        lastFrame = frame.toString();
        out.print(sb);
        out.flush();
    }
}
