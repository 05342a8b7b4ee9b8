package dev.gantry.engine.cli.progress;

import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.cli.format.Durations;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The lines both displays print about a run, worded the same on a terminal and off it: the
 * header, a row per finished step ({@code "  done     train   4.2s"}), a failure's record with
 * the end of its log, and the summary.
 */
final class RunText {
    /** Each trial step's parameter values as shown after its name, such as {@code [rate=0.5]}. */
    private final Map<String, String> trialValues = new ConcurrentHashMap<>();
    private volatile int nameWidth;
    private final UnaryOperator<String> stepText;

    /** @param stepText what is done to a line a step printed before it is shown, such as {@link ScreenText#clean} */
    RunText(UnaryOperator<String> stepText) {
        this.stepText = stepText;
    }

    /** {@code "run ID of PIPELINE: N steps"}, and remembers how wide the step names are. */
    String started(String runId, String pipeline, List<String> steps) {
        nameWidth = Math.min(32, steps.stream().mapToInt(String::length).max().orElse(0));
        return "run " + runId + " of " + pipeline + ": " + steps.size() + (steps.size() == 1 ? " step" : " steps");
    }

    /** Remembers each trial's values, to show after its name. */
    void trialsPlanned(Map<String, Map<String, String>> values) {
        values.forEach((step, params) -> {
            StringBuilder text = new StringBuilder("[");
            params.forEach((name, value) -> text.append(text.length() > 1 ? ", " : "").append(name).append('=')
                    .append(value));
            trialValues.put(step, text.append(']').toString());
        });
    }

    /** The values of {@code step}'s trial, such as {@code [n=2]}, or empty if it is no trial. */
    String trialValues(String step) {
        return trialValues.getOrDefault(step, "");
    }

    /** How wide a column of step names is: the longest name, at most 32. */
    int nameWidth() {
        return nameWidth;
    }

    /** The row of a retried attempt's start. */
    StyledLine retry(String step, int attempt, int maxAttempts) {
        return row("retry", Style.YELLOW, step, "attempt " + attempt + " of " + maxAttempts);
    }

    /** The row of a failed attempt that will be tried again. */
    StyledLine retrying(String step, int failedAttempt, String reason, long backoffMillis) {
        return row("failed", Style.YELLOW, step, "attempt " + failedAttempt + " failed (" + reason
                + "); retrying in " + Durations.human(backoffMillis));
    }

    /** A finished step's row, and for a failure the lines of its record (its kind, its log's last lines, the log). */
    StyledLine finished(StepResult result) {
        String detail = switch (result.status()) {
            case SUCCEEDED -> Durations.human(result.elapsed().toMillis());
            case CACHED, SKIPPED, CANCELLED -> result.message().orElse("");
            default -> result.message().orElse("failed");
        };
        String values = trialValues(result.name());
        if (!values.isEmpty()) {
            detail = detail.isEmpty() ? values : detail + "  " + values;
        }
        StyledLine line = row(label(result.status()), style(result.status()), result.name(), detail);
        if (result.status() == StepStatus.FAILED && result.failure().isPresent()) {
            StepFailure f = result.failure().get();
            StringBuilder record = new StringBuilder();
            record.append("\n    kind: ").append(f.kind().yamlName())
                    .append(f.retryable() ? "" : " (another try would fail the same way)");
            if (!f.logTail().isEmpty()) {
                record.append("\n    last lines of its log:");
                f.logTail().forEach(l -> record.append("\n      ").append(stepText.apply(l)));
            }
            // A step whose program could not start has no log to point at.
            f.log().filter(Files::exists).ifPresent(p -> record.append("\n    log: ").append(p));
            line.add(record.toString());
        }
        return line;
    }

    /** {@code "run ID succeeded: 3 ran, 1 cached in 4.2s"}, with the failed and the not run when there are any. */
    static StyledLine summary(RunResult result) {
        long ran = result.count(StepStatus.SUCCEEDED);
        long cached = result.count(StepStatus.CACHED);
        long failed = result.count(StepStatus.FAILED);
        StringBuilder counts = new StringBuilder(": ");
        counts.append(ran).append(" ran, ").append(cached).append(" cached");
        if (failed > 0) {
            counts.append(", ").append(failed).append(" failed");
        }
        long notRun = result.count(StepStatus.SKIPPED) + result.count(StepStatus.CANCELLED);
        if (notRun > 0) {
            counts.append(", ").append(notRun).append(" not run");
        }
        counts.append(" in ").append(Durations.human(result.elapsed().toMillis()));
        Style status = result.status() == RunStatus.SUCCEEDED ? Style.GREEN : Style.RED;
        return new StyledLine().add("run " + result.runId() + " ").add(result.status().label(), status)
                .add(counts.toString());
    }

    /** What a finished step's row calls its status: {@code done} for a success, else the status's own label. */
    static String label(StepStatus status) {
        return status == StepStatus.SUCCEEDED ? "done" : status.label();
    }

    /** The colour of a finished step's status. */
    static Style style(StepStatus status) {
        return switch (status) {
            case SUCCEEDED -> Style.GREEN;
            case FAILED -> Style.RED;
            case CANCELLED -> Style.YELLOW;
            default -> Style.DIM;
        };
    }

    /** Status and step name in columns, formatted without a Formatter; no trailing spaces. */
    private StyledLine row(String status, Style style, String step, String detail) {
        StringBuilder rest = new StringBuilder(64);
        pad(rest, 11 - 2 - status.length());
        rest.append(step);
        pad(rest, 11 + nameWidth + 2 - 2 - status.length());
        String tail = rest.append(detail).toString().stripTrailing();
        return new StyledLine().add("  ").add(status, style).add(tail);
    }

    /** Appends at least one space to {@code sb}, and more until it is {@code width} long. */
    static void pad(StringBuilder sb, int width) {
        do {
            sb.append(' ');
        } while (sb.length() < width);
    }
}
