package dev.gantry.engine.cli.progress;

import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Prints a run as plain lines, for output that is not a terminal (a pipe, a file, a CI log), and
 * for {@code --quiet}: each line a step prints, prefixed with the step's name; a line as each
 * step ends; a failure's record with the end of its log; and the summary. Nothing is redrawn.
 *
 * <p>Lines are written in blocks, at most a tenth of a second after they are printed, and at
 * once for a failure, a notice and the summary: a write per line cost a run of 1,000 cached steps
 * 50 ms when its output went to a pipe.
 */
final class PlainReporter implements RunDisplay {
    private final PrintStream out;
    private final Verbosity verbosity;
    private final boolean colour;
    private final RunText text = new RunText(UnaryOperator.identity());
    private Thread ticker;
    /** Lines printed but not yet written. */
    private final StringBuilder pending = new StringBuilder();
    /** Writes what is pending if the process exits before the run ends. */
    private final Thread flushAtExit = new Thread(this::flush, "console-flush-at-exit");

    PlainReporter(PrintStream out, Verbosity verbosity, boolean colour) {
        this.out = out;
        this.verbosity = verbosity;
        this.colour = colour;
    }

    @Override
    public void notice(String message) {
        if (verbosity != Verbosity.QUIET) {
            print("notice: " + message);
            flush();
        }
    }

    @Override
    public void warning(String message) {
        print("warning: " + message);
        flush();
    }

    @Override
    public void runStarted(String runId, String pipeline, List<String> steps) {
        String header = text.started(runId, pipeline, steps);
        if (verbosity != Verbosity.QUIET) {
            print(header);
        }
        Runtime.getRuntime().addShutdownHook(flushAtExit);
        ticker = new Thread(this::tick, "console-flush");
        ticker.setDaemon(true);
        ticker.start();
    }

    @Override
    public void trialsPlanned(Map<String, Map<String, String>> values) {
        text.trialsPlanned(values);
    }

    @Override
    public void stepStarted(String step, int attempt, int maxAttempts) {
        if (attempt > 1 && verbosity != Verbosity.QUIET) {
            print(text.retry(step, attempt, maxAttempts));
        }
    }

    @Override
    public void stepOutput(String step, String line) {
        if (verbosity != Verbosity.QUIET) {
            print("[" + step + "] " + line);
        }
    }

    @Override
    public void stepRetrying(String step, int failedAttempt, String reason, long backoffMillis) {
        if (verbosity != Verbosity.QUIET) {
            print(text.retrying(step, failedAttempt, reason, backoffMillis));
            flush();
        }
    }

    @Override
    public void stepFinished(StepResult result, List<String> logTail, Optional<Path> log) {
        boolean failed = result.status() == StepStatus.FAILED;
        if (failed || verbosity != Verbosity.QUIET) {
            print(text.finished(result));
        }
        if (failed) {
            flush();
        }
    }

    @Override
    public void runFinished(RunResult result) {
        print(RunText.summary(result));
        close();
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.interrupt();
        }
        flush();
        try {
            Runtime.getRuntime().removeShutdownHook(flushAtExit);
        } catch (IllegalStateException exiting) {
            // The hook is running or about to; there is nothing left for it to write.
        }
    }

    private void print(StyledLine line) {
        print(line.render(Integer.MAX_VALUE, colour));
    }

    private synchronized void print(String line) {
        pending.append(line).append(System.lineSeparator());
    }

    /** Writes the lines printed so far. */
    private synchronized void flush() {
        if (pending.length() > 0) {
            out.print(pending);
            pending.setLength(0);
        }
        out.flush();
    }

    /** Writes pending lines ten times a second. */
    private void tick() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(100);
                flush();
            }
        } catch (InterruptedException e) {
            flush();
        }
    }
}
