package dev.gantry.engine.cli.progress;

import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.cli.format.Durations;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of the live display that is drawn again and again at the bottom of the terminal: a
 * line of counts ({@code [5/12] 3 pending  4 running  1 cached  4 done  0 failed}), then a line
 * per running step with its elapsed time, its trial's values and the last line it printed, as
 * many as fit the terminal's height, then {@code … and N more}.
 */
final class LiveBlock {
    private LiveBlock() {}

    /** The block's lines, not yet cut to a width; empty when nothing runs and nothing waits. */
    static List<StyledLine> lines(RunTally tally, RunText text, long nowNanos, int rows) {
        List<StyledLine> lines = new ArrayList<>();
        lines.add(counts(tally));
        List<RunTally.Running> running = tally.running();
        // The counts, the "more" line and the line the cursor rests on stay on screen.
        int room = Math.max(1, rows - 3);
        int shown = running.size() > room ? room - 1 : running.size();
        for (RunTally.Running step : running.subList(0, Math.max(0, shown))) {
            lines.add(runningLine(step, text, nowNanos));
        }
        if (shown < running.size()) {
            lines.add(new StyledLine().add("  … and " + (running.size() - shown) + " more", Style.DIM));
        }
        return lines;
    }

    private static StyledLine counts(RunTally tally) {
        long failed = tally.count(StepStatus.FAILED);
        long notRun = tally.count(StepStatus.SKIPPED) + tally.count(StepStatus.CANCELLED);
        StyledLine line = new StyledLine().add("[" + tally.finishedCount() + "/" + tally.total() + "] ", Style.BOLD)
                .add(tally.pending() + " pending  ")
                .add(tally.running().size() + " running", Style.CYAN).add("  ")
                .add(tally.count(StepStatus.CACHED) + " cached", Style.DIM).add("  ")
                .add(tally.count(StepStatus.SUCCEEDED) + " done", Style.GREEN).add("  ")
                .add(failed + " failed", failed > 0 ? Style.RED : Style.PLAIN);
        if (notRun > 0) {
            line.add("  ").add(notRun + " not run", Style.YELLOW);
        }
        return line;
    }

    private static StyledLine runningLine(RunTally.Running step, RunText text, long nowNanos) {
        StringBuilder name = new StringBuilder("  ").append(step.step());
        RunText.pad(name, 2 + text.nameWidth() + 2);
        StringBuilder elapsed = new StringBuilder(Durations.human((nowNanos - step.sinceNanos()) / 1_000_000));
        RunText.pad(elapsed, 8);
        StyledLine line = new StyledLine().add(name.toString()).add(elapsed.toString(), Style.CYAN);
        String values = text.trialValues(step.step());
        String lastLine = ScreenText.clean(step.lastLine());
        line.add(values);
        if (!values.isEmpty() && !lastLine.isEmpty()) {
            line.add("  ");
        }
        return line.add(lastLine, Style.DIM);
    }
}
