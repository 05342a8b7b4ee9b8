package dev.gantry.engine.cli;

import dev.gantry.engine.api.RunListener;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints a run as it happens: each line a step prints, prefixed with the step's name; a line
 * as each step ends; a failure report with the end of the log; and a summary. On a terminal
 * a status line at the bottom shows the running steps with their elapsed time.
 *
 * <p>Elsewhere (a pipe, a file, a CI log) lines are written in blocks, at most a tenth of a
 * second after they are printed, and at once for a failure, a notice and the summary: a write
 * per line cost a run of 1,000 cached steps 50 ms when its output went to a pipe.
 *
 * <p>It shows one run at a time: the CLI subscribes it to the engine that makes the command's run.
 */
final class ConsoleReporter implements RunListener {
    private final PrintStream out;
    private final boolean live;
    private final boolean echoOutput;
    private final Map<String, Long> running = new ConcurrentHashMap<>();
    /** Each trial step's parameter values as shown after its name, such as {@code [rate=0.5]}. */
    private final Map<String, String> trialValues = new ConcurrentHashMap<>();
    private volatile int total;
    private volatile int nameWidth;
    private volatile int finished;
    private Thread ticker;
    private boolean statusShown;
    /** Lines printed but not yet written, off a terminal. */
    private final StringBuilder pending = new StringBuilder();
    /** Writes what is pending if the process exits before the run ends. */
    private final Thread flushAtExit = new Thread(this::flush, "console-flush-at-exit");


    ConsoleReporter(PrintStream out, boolean live, boolean echoOutput) {
        this.out = out;
        this.live = live;
        this.echoOutput = echoOutput;
    }

    @Override
    public void notice(String message) {
        print("notice: " + message);
        flush();
    }

    @Override
    public void warning(String message) {
        print("warning: " + message);
        flush();
    }

    @Override
    public void runStarted(String runId, String pipeline, List<String> steps) {
        total = steps.size();
        nameWidth = Math.min(32, steps.stream().mapToInt(String::length).max().orElse(0));
        print("run " + runId + " of " + pipeline + ": " + steps.size() + (steps.size() == 1 ? " step" : " steps"));
        if (!live) {
            Runtime.getRuntime().addShutdownHook(flushAtExit);
        }
        ticker = new Thread(this::tick, live ? "progress" : "console-flush");
        ticker.setDaemon(true);
        ticker.start();
    }

    @Override
    public void trialsPlanned(Map<String, Map<String, String>> values) {
        values.forEach((step, params) -> {
            StringBuilder text = new StringBuilder("[");
            params.forEach((name, value) -> text.append(text.length() > 1 ? ", " : "").append(name).append('=')
                    .append(value));
            trialValues.put(step, text.append(']').toString());
        });
    }

    @Override
    public void stepStarted(String step, int attempt, int maxAttempts) {
        running.put(step, System.nanoTime());
        if (attempt > 1) {
            print(row("retry", step, "attempt " + attempt + " of " + maxAttempts));
        }
    }

    @Override
    public void stepOutput(String step, String line) {
        if (echoOutput) {
            print("[" + step + "] " + line);
        }
    }

    @Override
    public void stepRetrying(String step, int failedAttempt, String reason, long backoffMillis) {
        running.remove(step);
        print(row("failed", step, "attempt " + failedAttempt + " failed (" + reason + "); retrying in "
                + Durations.human(backoffMillis)));
        flush();
    }

    @Override
    public void stepFinished(StepResult result, List<String> logTail, Optional<Path> log) {
        running.remove(result.name());
        finished++;
        String detail = switch (result.status()) {
            case SUCCEEDED -> Durations.human(result.elapsed().toMillis());
            case CACHED, SKIPPED, CANCELLED -> result.message().orElse("");
            default -> result.message().orElse("failed");
        };
        String values = trialValues.get(result.name());
        if (values != null) {
            detail = detail.isEmpty() ? values : detail + "  " + values;
        }
        StringBuilder line = new StringBuilder(row(label(result.status()), result.name(), detail));
        if (result.status() == StepStatus.FAILED && result.failure().isPresent()) {
            StepFailure f = result.failure().get();
            line.append("\n    kind: ").append(f.kind().yamlName())
                    .append(f.retryable() ? "" : " (another try would fail the same way)");
            if (!f.logTail().isEmpty()) {
                line.append("\n    last lines of its log:");
                f.logTail().forEach(l -> line.append("\n      ").append(l));
            }
            // A step whose program could not start has no log to point at.
            f.log().filter(Files::exists).ifPresent(p -> line.append("\n    log: ").append(p));
        }
        print(line.toString());
        if (result.status() == StepStatus.FAILED) {
            flush();
        }
    }

    @Override
    public void runFinished(RunResult result) {
        if (ticker != null) {
            ticker.interrupt();
        }
        long ran = result.count(StepStatus.SUCCEEDED);
        long cached = result.count(StepStatus.CACHED);
        long failed = result.count(StepStatus.FAILED);
        StringBuilder summary = new StringBuilder("run " + result.runId() + " " + result.status().label() + ": ");
        summary.append(ran).append(" ran, ").append(cached).append(" cached");
        if (failed > 0) {
            summary.append(", ").append(failed).append(" failed");
        }
        long notRun = result.count(StepStatus.SKIPPED) + result.count(StepStatus.CANCELLED);
        if (notRun > 0) {
            summary.append(", ").append(notRun).append(" not run");
        }
        summary.append(" in ").append(Durations.human(result.elapsed().toMillis()));
        print(summary.toString());
        flush();
        if (!live) {
            try {
                Runtime.getRuntime().removeShutdownHook(flushAtExit);
            } catch (IllegalStateException exiting) {
                // The hook is running or about to; there is nothing left for it to write.
            }
        }
    }

    /** {@code "  done     train   4.2s"}: status and step name in columns, formatted without a Formatter. */
    private String row(String status, String step, String detail) {
        StringBuilder sb = new StringBuilder(64).append("  ").append(status);
        pad(sb, 11);
        sb.append(step);
        pad(sb, 11 + nameWidth + 2);
        return sb.append(detail).toString().stripTrailing();
    }

    private static void pad(StringBuilder sb, int width) {
        do {
            sb.append(' ');
        } while (sb.length() < width);
    }

    private static String label(StepStatus status) {
        return status == StepStatus.SUCCEEDED ? "done" : status.label();
    }

    private synchronized void print(String text) {
        if (!live) {
            pending.append(text).append(System.lineSeparator());
            return;
        }
        clearStatus();
        out.println(text);
        drawStatus();
        out.flush();
    }

    /** Writes the lines printed so far. */
    private synchronized void flush() {
        if (pending.length() > 0) {
            out.print(pending);
            pending.setLength(0);
        }
        out.flush();
    }

    /** On a terminal, redraws the status line four times a second; elsewhere, writes pending lines ten times. */
    private void tick() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(live ? 250 : 100);
                synchronized (this) {
                    clearStatus();
                    drawStatus();
                    flush();
                }
            }
        } catch (InterruptedException e) {
            synchronized (this) {
                clearStatus();
                flush();
            }
        }
    }

    private void clearStatus() {
        if (statusShown) {
            out.print("\r\033[K");
            statusShown = false;
        }
    }

    private void drawStatus() {
        if (!live || running.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "[%d/%d] running:", finished, total));
        running.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(6).forEach(e -> sb.append(' ')
                .append(e.getKey()).append(" (").append(Durations.human((now - e.getValue()) / 1_000_000)).append(')'));
        if (running.size() > 6) {
            sb.append(" and ").append(running.size() - 6).append(" more");
        }
        String text = sb.toString();
        out.print(text.length() > 200 ? text.substring(0, 200) : text);
        statusShown = true;
    }
}
