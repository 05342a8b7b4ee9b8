package dev.gantry.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every command of the README's {@code console} blocks, in order, from the checkout's root
 * with a store of its own, and checks that each prints what the README shows: the tour must be
 * what a user sees. What changes from one run to the next is compared as a placeholder (run
 * ids, digests, times, durations, the store's place), runs of spaces as one, and a line
 * {@code ...} stands for any lines. A command followed by no output in its block is run, not
 * compared.
 */
class ReadmeConsoleTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final List<Pattern> VARYING = List.of(
            Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{6}"),
            Pattern.compile("\\S*/\\.gantry/objects/sha256/[0-9a-f]{2}/[0-9a-f]+…?"),
            Pattern.compile("\\S*/\\.gantry(?=/|\\b)"),
            Pattern.compile("\\b[0-9a-f]{12,64}\\b"),
            Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d(:\\d\\d)?|\\b\\d\\d-\\d\\d \\d\\d:\\d\\d\\b"),
            Pattern.compile("\\b\\d+(\\.\\d+)?(ms|s|min)\\b"));

    private static final Pattern STEP_LINE = Pattern.compile("^  (done|cached|failed|skipped) ");

    @TempDir
    Path dir;

    private record Command(int line, String text, List<String> expected) {}

    @Test
    void everyConsoleBlockOfTheReadmeMatchesWhatItsCommandsPrint() throws Exception {
        List<Command> commands = commands(Files.readAllLines(ROOT.resolve("README.md")));
        assertThat(commands).hasSizeGreaterThan(10);
        // The launcher says so when it builds the CLI first, which is no part of any block's output.
        run("./gantry --version");
        List<String> mismatches = new ArrayList<>();
        for (Command command : commands) {
            List<String> printed = run(command.text());
            if (!command.expected().isEmpty() && !matches(normalized(command.expected()), normalized(printed))) {
                mismatches.add("README.md:" + command.line() + ": $ " + command.text() + "\n  the README shows:\n    "
                        + String.join("\n    ", command.expected()) + "\n  it printed:\n    "
                        + String.join("\n    ", printed));
            }
        }
        assertThat(mismatches).as("console blocks that no longer match").isEmpty();
    }

    /** The {@code $ } commands of every console block, each with the lines after it. */
    static List<Command> commands(List<String> readme) {
        List<Command> commands = new ArrayList<>();
        boolean inBlock = false;
        Command current = null;
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            if (!inBlock) {
                inBlock = line.equals("```console");
                current = null;
            } else if (line.equals("```")) {
                inBlock = false;
            } else if (line.startsWith("$ ")) {
                current = new Command(i + 1, line.substring(2), new ArrayList<>());
                commands.add(current);
            } else if (current != null) {
                current.expected().add(line);
            }
        }
        // A blank line that only sets a command apart from the next is no output.
        for (Command command : commands) {
            List<String> expected = command.expected();
            while (!expected.isEmpty() && expected.get(expected.size() - 1).isBlank()) {
                expected.remove(expected.size() - 1);
            }
        }
        return commands;
    }

    private List<String> run(String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().put("GANTRY_STORE", dir.resolve(".gantry").toString());
        builder.environment().remove("COLUMNS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(command).isTrue();
        return output.lines().toList();
    }

    static List<String> normalized(List<String> lines) {
        List<String> out = new ArrayList<>();
        List<Boolean> stepLines = new ArrayList<>();
        for (String line : lines) {
            stepLines.add(STEP_LINE.matcher(line).find());
            String text = line;
            for (int i = 0; i < VARYING.size(); i++) {
                text = VARYING.get(i).matcher(text).replaceAll("<" + i + ">");
            }
            out.add(text.replaceAll("\\s+", " ").strip());
        }
        // Steps that run side by side end in any order: a run's consecutive step lines are compared sorted.
        int start = 0;
        for (int i = 0; i <= out.size(); i++) {
            if (i == out.size() || !stepLines.get(i)) {
                out.subList(start, i).sort(null);
                start = i + 1;
            }
        }
        return out;
    }

    /** Whether {@code actual} is {@code expected}, where an expected line {@code ...} stands for any lines. */
    static boolean matches(List<String> expected, List<String> actual) {
        return matches(expected, 0, actual, 0);
    }

    private static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        if (expected.get(e).equals("...")) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matches(expected, e + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && expected.get(e).equals(actual.get(a)) && matches(expected, e + 1, actual, a + 1);
    }
}
