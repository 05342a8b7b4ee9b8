package dev.gantry.engine.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.api.StepStatus;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LiveBlockTest {
    private static final long SECOND = 1_000_000_000L;

    private final RunText text = new RunText(UnaryOperator.identity());
    private final RunTally tally = new RunTally();

    private List<String> startTwelveAndDraw(int rows) {
        List<String> steps = IntStream.rangeClosed(1, 12).mapToObj(i -> "train-" + i).toList();
        text.started("run-1", "sweep", steps);
        tally.started(steps.size());
        steps.forEach(step -> tally.stepStarted(step, 0));
        return LiveBlock.lines(tally, text, 2 * SECOND, rows).stream().map(line -> line.render(80, false)).toList();
    }

    @Test
    void theCountsComeFirstThenEachRunningStepWithItsTimeValuesAndLastLine() {
        text.trialsPlanned(Map.of("train-1", Map.of("rate", "0.5")));
        tally.stepOutput("train-1", "ignored: the step has not started");
        List<String> lines = startTwelveAndDraw(30);
        tally.stepOutput("train-1", "epoch 3/10");
        tally.stepFinished("train-12", StepStatus.CACHED);
        tally.stepFinished("train-11", StepStatus.FAILED);
        tally.stepRetrying("train-10");
        List<String> after = LiveBlock.lines(tally, text, 3 * SECOND, 30).stream().map(l -> l.render(80, false)).toList();

        assertThat(lines).hasSize(13);
        assertThat(lines.get(0)).isEqualTo("[0/12] 0 pending  12 running  0 cached  0 done  0 failed");
        assertThat(lines.get(1)).isEqualTo("  train-1   2.0s    [rate=0.5]");
        assertThat(after.get(0)).isEqualTo("[2/12] 1 pending  9 running  1 cached  0 done  1 failed");
        assertThat(after.get(1)).isEqualTo("  train-1   3.0s    [rate=0.5]  epoch 3/10");
        assertThat(after).hasSize(10);
    }

    @Test
    void whenMoreStepsRunThanTheTerminalHasLinesTheFirstAreShownAndThenHowManyMore() {
        List<String> lines = startTwelveAndDraw(10);

        assertThat(lines).hasSize(8);
        assertThat(lines.get(6)).startsWith("  train-6 ");
        assertThat(lines.get(7)).isEqualTo("  … and 6 more");
    }
}
