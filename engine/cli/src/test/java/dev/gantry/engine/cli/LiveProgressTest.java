package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gantry run} on a real pseudo-terminal of 80 columns by 30 lines, read back through a
 * VT100 screen model; and the same runs off a terminal, where the output is plain lines.
 */
class LiveProgressTest {
    private static final Map<String, String> TERMINAL = Map.of("COLUMNS", "80", "LINES", "30", "TERM", "xterm");
    private static final Pattern SUMMARY = Pattern.compile("run \\S+ (succeeded|failed): .* in \\S+");
    private static final Pattern COUNTS = Pattern.compile("\\[\\d+/\\d+\\] \\d+ pending");
    private static final Pattern COLOUR = Pattern.compile("\u001b\\[[0-9;]*m");

    @TempDir
    Path dir;

    /** Twelve steps that each print five lines wider than the terminal, a little apart. */
    private void writeTwelveParallelSteps(String line) throws Exception {
        StringBuilder yaml = new StringBuilder("name: twelve\nsteps:\n");
        for (int i = 1; i <= 12; i++) {
            yaml.append(String.format("  step-%02d:%n    command: [sh, -c, 'for k in 1 2 3 4 5; do echo \"%s\"; sleep 0.2;"
                    + " done']%n", i, line.replace("N", Integer.toString(i))));
        }
        Files.writeString(dir.resolve("twelve.yaml"), yaml);
    }

    @Test
    void twelveParallelStepsIn80ColumnsNeverDrawAWiderLineAndTheScreenEndsWithOneSummary() throws Exception {
        writeTwelveParallelSteps("step N writes line $k, which is long enough to pass the edge of an eighty"
                + " column terminal \\033[31mwith colour\\033[0m\\tand a tab");
        TerminalRun.Result run = TerminalRun.run(dir, TERMINAL, "run", "twelve.yaml", "--parallel", "12");

        assertThat(run.exitCode()).as(run.output()).isZero();
        for (String raw : run.output().split("\r?\n|\r|\u001b\\[[0-9;]*[A-Za-z]")) {
            assertThat(raw.codePointCount(0, raw.length())).as("raw line: " + raw).isLessThanOrEqualTo(80);
        }
        Vt100Screen screen = new Vt100Screen(80, 30).apply(run.output());
        List<String> lines = screen.lines();
        assertThat(screen.wraps()).as(String.join("\n", lines)).isZero();
        assertThat(lines.get(lines.size() - 1)).matches(SUMMARY).contains("succeeded: 12 ran, 0 cached");
        assertThat(lines).filteredOn(l -> SUMMARY.matcher(l).matches()).hasSize(1);
        assertThat(lines).noneMatch(l -> COUNTS.matcher(l).find());
        IntStream.rangeClosed(1, 12).forEach(i -> assertThat(lines).filteredOn(l -> l.matches(
                String.format("  done     step-%02d  \\S+", i))).hasSize(1));
        // The block showed every running step at once, with its last line cleaned and cut.
        assertThat(run.output()).contains("0 pending  \u001b[36m12 running")
                .containsPattern("step-07  \u001b\\[36m[0-9.]+m?s +\u001b\\[0m\u001b\\[2mstep 7 writes line \\d")
                .contains("\u001b[32mdone\u001b[0m");
        assertThat(lines).noneMatch(l -> l.startsWith("[step-"));
    }

    @Test
    void noColorKeepsTheLiveDisplayButWritesNoColour() throws Exception {
        writeTwelveParallelSteps("step N line $k");
        Map<String, String> env = new java.util.HashMap<>(TERMINAL);
        env.put("NO_COLOR", "1");
        TerminalRun.Result run = TerminalRun.run(dir, env, "run", "twelve.yaml", "--parallel", "12");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(COLOUR.matcher(run.output()).find()).as(run.output()).isFalse();
        assertThat(run.output()).contains("\u001b[J").contains("0 pending  12 running");
        assertThat(new Vt100Screen(80, 30).apply(run.output()).lines()).last().asString()
                .contains("succeeded: 12 ran, 0 cached");
    }

    @Test
    void progressPlainOnATerminalPrintsLinesAndNeverMovesTheCursor() throws Exception {
        writeTwelveParallelSteps("step N line $k");
        Map<String, String> env = new java.util.HashMap<>(TERMINAL);
        env.put("NO_COLOR", "yes");
        TerminalRun.Result run = TerminalRun.run(dir, env, "run", "twelve.yaml", "--parallel", "12", "--progress",
                "plain");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).doesNotContain("\u001b").contains("[step-12] step 12 line 5\r\n")
                .contains("succeeded: 12 ran, 0 cached");
    }

    @Test
    void quietOnATerminalShowsOnlyTheFailureWithItsLogAndTheSummary() throws Exception {
        Files.writeString(dir.resolve("mixed.yaml"), """
                name: mixed
                steps:
                  fine:
                    command: [sh, -c, 'echo all good']
                  broken:
                    command: [sh, -c, 'echo reading input; echo "no such column: label" >&2; exit 3']
                """);
        // Wide enough for the log's path, which is printed whole, as every line that is not redrawn.
        TerminalRun.Result run = TerminalRun.run(dir, Map.of("COLUMNS", "250", "LINES", "30", "TERM", "xterm"),
                "run", "mixed.yaml", "--quiet", "--keep-going");

        assertThat(run.exitCode()).isEqualTo(1);
        List<String> lines = new Vt100Screen(250, 30).apply(run.output()).lines();
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).isEqualTo("  failed   broken  exit code 3");
        assertThat(lines.subList(1, 5)).containsExactly("    kind: exit-code", "    last lines of its log:",
                "      reading input", "      no such column: label");
        assertThat(lines.get(5)).startsWith("    log: ").endsWith("broken/attempt-1.log");
        assertThat(lines.get(6)).matches(SUMMARY).contains("failed: 1 ran, 0 cached, 1 failed");
        assertThat(run.output()).doesNotContain("\u001b[J").contains("\u001b[31mfailed\u001b[0m");
    }

    @Test
    void verboseOnATerminalEchoesEveryLineOfEveryStepAboveTheLiveBlock() throws Exception {
        writeTwelveParallelSteps("step N line $k");
        TerminalRun.Result run = TerminalRun.run(dir, TERMINAL, "run", "twelve.yaml", "--parallel", "12", "-v");

        assertThat(run.exitCode()).as(run.output()).isZero();
        Vt100Screen screen = new Vt100Screen(80, 30).apply(run.output());
        List<String> lines = screen.lines();
        for (int i = 1; i <= 12; i++) {
            for (int k = 1; k <= 5; k++) {
                assertThat(lines).contains(String.format("[step-%02d] step %d line %d", i, i, k));
            }
        }
        assertThat(screen.wraps()).isZero();
        assertThat(lines.get(lines.size() - 1)).matches(SUMMARY);
        assertThat(lines).noneMatch(l -> COUNTS.matcher(l).find());
    }

    @Test
    void offATerminalTheOutputIsPlainLinesWithEveryStepsOutputAndNoEscapes() throws Exception {
        writeTwelveParallelSteps("step N line $k");
        GantryProcess.Result run = GantryProcess.run(dir, Map.of("TERM", "xterm"), "run", "twelve.yaml",
                "--parallel", "12");
        GantryProcess.Result quiet = GantryProcess.run(dir, Map.of("TERM", "xterm"), "run", "twelve.yaml", "-q");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).doesNotContain("\u001b").doesNotContain("\r")
                .startsWith("run ").contains("[step-03] step 3 line 5\n")
                .containsPattern("\n  done     step-12  \\S+\n").endsWith(" succeeded: 12 ran, 0 cached in "
                        + run.stdout().substring(run.stdout().lastIndexOf(" in ") + 4));
        assertThat(quiet.stdout()).matches("run \\S+ succeeded: 0 ran, 12 cached in \\S+\n");
    }

    @Test
    void aWrongProgressModeOrQuietWithVerboseIsAUsageError() throws Exception {
        writeTwelveParallelSteps("step N line $k");
        GantryProcess.Result mode = GantryProcess.run(dir, "run", "twelve.yaml", "--progress", "fancy");
        GantryProcess.Result both = GantryProcess.run(dir, "run", "twelve.yaml", "-q", "-v");

        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.stderr()).contains("--progress fancy: use auto, tty or plain");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.stderr()).contains("choose either --quiet or --verbose, not both");
    }
}
