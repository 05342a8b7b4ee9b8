package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's conventions, each through a real {@code gantry} process: did-you-mean for
 * commands and flags, shell completion run by a real bash, {@code --json} on the commands that
 * print data, a recorded run's graph with statuses, the store found from a subdirectory, and a
 * selection whose upstream is not cached refused before anything is recorded.
 */
class CommandLineConventionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void writePipeline() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), """
                name: conventions
                params: {n: 3}
                steps:
                  make:
                    command: [sh, -c, 'seq 1 ${params.n} > ${outputs.o}']
                    outputs: {o: file}
                  sum:
                    command: [sh, -c, 'awk "{s+=\\$1} END {print s}" ${inputs.i} > ${outputs.o}']
                    inputs: {i: make.o}
                    outputs: {o: file}
                  fail:
                    command: [sh, -c, 'exit 4']
                    inputs: {i: sum.o}
                """);
    }

    @Test
    void aMisspeltCommandOrFlagIsNamedWithTheOneMeant() throws Exception {
        GantryProcess.Result command = GantryProcess.run(dir, "valdate", "p.yaml");
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.stderr()).isEqualTo("error: unknown command 'valdate' (did you mean 'validate'?)\n"
                + "Run 'gantry --help' for usage.\n");

        GantryProcess.Result flag = GantryProcess.run(dir, "runs", "--pipline", "x");
        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.stderr()).isEqualTo("error: unknown option '--pipline' for 'gantry runs' (did you mean "
                + "'--pipeline'?)\nRun 'gantry runs --help' for usage.\n");

        GantryProcess.Result withValue = GantryProcess.run(dir, "run", "p.yaml", "--executr=local");
        assertThat(withValue.stderr()).startsWith("error: unknown option '--executr' for 'gantry run' (did you mean "
                + "'--executor'?)\n");
    }

    @Test
    void everyCommandsSummaryInTheHelpIsWholeSentences() throws Exception {
        String help = GantryProcess.run(dir, "--help").stdout();
        String commands = help.substring(help.indexOf("Commands:\n") + "Commands:\n".length(), help.indexOf("\n\n"));
        List<String> summaries = new ArrayList<>();
        for (String line : commands.split("\n")) {
            if (line.startsWith("  ") && !line.startsWith("    ")) {
                summaries.add(line.strip());
            } else {
                summaries.set(summaries.size() - 1, summaries.get(summaries.size() - 1) + " " + line.strip());
            }
        }
        assertThat(summaries).hasSizeGreaterThan(15).allSatisfy(summary -> assertThat(summary).endsWith("."));
    }

    @Test
    void bashCompletesCommandsAndFlagsWithTheGeneratedScript() throws Exception {
        GantryProcess.Result script = GantryProcess.run(dir, "completion", "bash");
        assertThat(script.exitCode()).isZero();
        Files.writeString(dir.resolve("gantry-completion.bash"), script.stdout());

        assertThat(complete("gantry ru")).containsExactly("run", "runs");
        assertThat(complete("gantry runs --pip")).containsExactly("--pipeline");
        assertThat(complete("gantry graph --form")).containsExactly("--format");

        GantryProcess.Result zsh = GantryProcess.run(dir, "completion", "zsh");
        assertThat(zsh.stdout()).startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && "
                + "bashcompinit\n").contains("complete -F _complete_gantry");
        assertThat(GantryProcess.run(dir, "completion", "fish").exitCode()).isEqualTo(2);
    }

    /** What bash offers after {@code line}, through the generated completion function. */
    private List<String> complete(String line) throws Exception {
        String words = String.join(" ", line.split(" "));
        Process bash = new ProcessBuilder("bash", "-c", "source gantry-completion.bash 2>/dev/null\n"
                + "COMP_WORDS=(" + words + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_gantry gantry \"${COMP_WORDS[-1]}\" \"${COMP_WORDS[-2]}\" 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"").directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> offered = new ArrayList<>();
        for (String word : new String(bash.getInputStream().readAllBytes()).split("\n")) {
            if (!word.isBlank()) {
                offered.add(word.strip());
            }
        }
        return offered;
    }

    @Test
    void validateSchedulesGraphAndExplainPrintJson() throws Exception {
        JsonNode valid = JSON.readTree(GantryProcess.run(dir, "validate", "p.yaml", "--json").stdout());
        assertThat(valid.path("valid").asBoolean()).isTrue();
        assertThat(valid.path("pipeline").asText()).isEqualTo("conventions");
        assertThat(valid.path("steps").asInt()).isEqualTo(3);
        assertThat(valid.path("problems")).isEmpty();

        Files.writeString(dir.resolve("bad.yaml"), "name: bad\nsteps:\n  a:\n    comand: [true]\n");
        GantryProcess.Result bad = GantryProcess.run(dir, "validate", "bad.yaml", "--json");
        assertThat(bad.exitCode()).isEqualTo(2);
        JsonNode invalid = JSON.readTree(bad.stdout());
        assertThat(invalid.path("valid").asBoolean()).isFalse();
        JsonNode problem = null;
        for (JsonNode p : invalid.path("problems")) {
            if (p.path("message").asText().contains("'comand'")) {
                problem = p;
            }
        }
        assertThat(problem).as(invalid.toString()).isNotNull();
        assertThat(problem.path("file").asText()).endsWith("bad.yaml");
        assertThat(problem.path("line").asInt()).isEqualTo(4);
        assertThat(problem.path("column").asInt()).isEqualTo(5);
        assertThat(problem.path("message").asText()).contains("'comand'").contains("did you mean 'command'?");

        Files.writeString(dir.resolve("nightly.yaml"), """
                name: nightly
                schedule: {cron: "30 2 * * *", timezone: Europe/Paris}
                steps:
                  a: {command: ['true']}
                """);
        JsonNode schedules = JSON.readTree(GantryProcess.run(dir, "schedules", "nightly.yaml", "--json", "--next", "2")
                .stdout());
        JsonNode nightly = schedules.path("schedules").get(0);
        assertThat(nightly.path("pipeline").asText()).isEqualTo("nightly");
        assertThat(nightly.path("timezone").asText()).isEqualTo("Europe/Paris");
        assertThat(nightly.path("next")).hasSize(2);
        assertThat(nightly.path("next").get(0).asText()).matches("\\d{4}-\\d\\d-\\d\\dT02:30\\+0[12]:00");
        // The day clocks go forward, 02:30 does not exist: the fire comes right after the jump.
        GantryProcess.Result spring = GantryProcess.run(dir, "schedules", "nightly.yaml", "--from", "2027-03-27",
                "--next", "3");
        assertThat(spring.stdout()).contains("  next 2027-03-27T02:30+01:00[Europe/Paris]\n"
                + "  next 2027-03-28T03:00+02:00[Europe/Paris]\n  next 2027-03-29T02:30+02:00[Europe/Paris]\n");
        assertThat(GantryProcess.run(dir, "schedules", "nightly.yaml", "--from", "March").stderr())
                .startsWith("error: --from 'March' is not a date");

        JsonNode graph = JSON.readTree(GantryProcess.run(dir, "graph", "p.yaml", "--json").stdout());
        assertThat(graph.path("steps")).extracting(s -> s.path("name").asText()).containsExactly("make", "sum", "fail");
        assertThat(graph.path("steps").get(1).path("after").get(0).path("step").asText()).isEqualTo("make");
        assertThat(graph.path("steps").get(1).path("after").get(0).path("via").asText()).isEqualTo("o");

        GantryProcess.run(dir, "run", "p.yaml");
        JsonNode explain = JSON.readTree(GantryProcess.run(dir, "explain", "last", "make", "--json").stdout());
        assertThat(explain.path("step").asText()).isEqualTo("make");
        assertThat(explain.path("verdict").asText()).isEqualTo("first_miss");
        assertThat(explain.path("cacheKey").asText()).hasSize(64);
        assertThat(explain.path("keyParts").toString()).contains("params.n: \\\"3\\\"");
    }

    @Test
    void aRecordedRunIsDrawnWithEachStepsStatus() throws Exception {
        GantryProcess.run(dir, "run", "p.yaml");

        GantryProcess.Result text = GantryProcess.run(dir, "graph", "last");
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout().lines().toList()).hasSize(4);
        assertThat(text.stdout()).containsPattern("(?m)^run \\S+ of conventions: failed$")
                .containsPattern("(?m)^succeeded  make  -> o$")
                .containsPattern("(?m)^succeeded  sum  <- i=make\\.o  -> o$")
                .containsPattern("(?m)^failed     fail  <- i=sum\\.o$");

        String mermaid = GantryProcess.run(dir, "graph", "last", "--format", "mermaid").stdout();
        assertThat(mermaid).contains("  fail[\"fail (failed)\"]:::s_failed\n").contains("  classDef s_failed fill:");
        String dot = GantryProcess.run(dir, "graph", "last", "--format", "dot").stdout();
        assertThat(dot).contains("\"sum\" [label=\"sum\\nsucceeded\", style=filled");

        JsonNode json = JSON.readTree(GantryProcess.run(dir, "graph", "last", "--json").stdout());
        assertThat(json.path("status").asText()).isEqualTo("failed");
        assertThat(json.path("steps")).extracting(s -> s.path("status").asText())
                .containsExactly("succeeded", "succeeded", "failed");
    }

    @Test
    void aSubdirectoryOfTheProjectSeesTheSameStoreAndGantryStoreNamesAnother() throws Exception {
        GantryProcess.run(dir, "run", "p.yaml");
        Path deeper = Files.createDirectories(dir.resolve("src/deeper"));

        GantryProcess.Result runs = GantryProcess.run(deeper, "runs", "--json");
        assertThat(runs.exitCode()).as(runs.stderr()).isZero();
        JsonNode list = JSON.readTree(runs.stdout());
        assertThat(list).hasSize(1);
        assertThat(deeper.resolve(".gantry")).doesNotExist();

        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere-store"));
        GantryProcess.Result other = GantryProcess.run(deeper, Map.of("GANTRY_STORE", elsewhere.toString()), "runs");
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.stderr()).startsWith("error: no store at " + elsewhere + " (nothing has run here yet");
    }

    @Test
    void aSelectionWhoseUpstreamIsNotCachedIsRefusedAndNothingIsRecorded() throws Exception {
        GantryProcess.Result only = GantryProcess.run(dir, "run", "p.yaml", "--only", "sum");
        assertThat(only.exitCode()).isEqualTo(2);
        assertThat(only.stderr()).isEqualTo("error: --only sum: step 'make' is outside the selection and not in the"
                + " cache, so nothing was run; run it first (gantry run without --only), or select from 'make'"
                + " (--from make)\n");
        assertThat(GantryProcess.run(dir, "runs").stdout()).startsWith("no runs yet in .gantry");

        GantryProcess.run(dir, "run", "p.yaml");
        GantryProcess.Result from = GantryProcess.run(dir, "run", "p.yaml", "--from", "sum", "--param", "n=5");
        assertThat(from.exitCode()).isEqualTo(2);
        assertThat(from.stderr()).startsWith("error: --from sum: step 'make' is outside the selection and not in the"
                + " cache");
        GantryProcess.Result cached = GantryProcess.run(dir, "run", "p.yaml", "--from", "sum");
        assertThat(cached.exitCode()).isEqualTo(1);
        assertThat(cached.stdout()).contains("cached   make");
    }
}
