package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.GantryProcess;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry rerun} and {@code gantry resume} against real processes and a real store. */
class RerunAndResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String statusOf(JsonNode run, String step) {
        for (JsonNode s : run.get("steps")) {
            if (s.get("name").asText().equals(step)) {
                return s.get("status").asText();
            }
        }
        throw new AssertionError("no step " + step + " in " + run);
    }

    @Test
    void resumeAfterTheEngineIsKilledFinishesTheRunWithoutRedoingCompletedSteps() throws Exception {
        Path pidFile = dir.resolve("slow.pid");
        Files.writeString(dir.resolve("p.yaml"), """
                name: resumable
                steps:
                  first:
                    command: [sh, -c, 'echo ran >> count-first; echo one > ${outputs.o}']
                    outputs: {o: file}
                  slow:
                    command: [sh, -c, 'if [ ! -e resumed ]; then echo $$ > slow.pid; sleep 60; fi; cat ${inputs.i} > ${outputs.o}']
                    inputs: {i: first.o}
                    outputs: {o: file}
                  last:
                    command: [sh, -c, 'cat ${inputs.i} > ${outputs.o}']
                    inputs: {i: slow.o}
                    outputs: {o: file}
                """);
        GantryProcess engine = GantryProcess.start(dir, Map.of(), "run", "p.yaml");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(pidFile).exists();
        // 'first' completed; wait until the store says so (records are committed in batches), so
        // that the kill comes after it is recorded, as the resume below expects.
        while (!recordedAs("first", "succeeded") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        engine.process().destroyForcibly().waitFor();
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
        Files.writeString(dir.resolve("resumed"), "");

        JsonNode runs = JSON.readTree(GantryProcess.run(dir, "runs", "--json").stdout());
        GantryProcess.Result resumed = GantryProcess.run(dir, "resume", "last", "--json");

        assertThat(runs.get(0).get("status").asText()).isEqualTo("crashed");
        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        JsonNode run = JSON.readTree(resumed.stdout());
        assertThat(statusOf(run, "first")).isEqualTo("cached");
        assertThat(statusOf(run, "slow")).isEqualTo("succeeded");
        assertThat(statusOf(run, "last")).isEqualTo("succeeded");
        assertThat(Files.readAllLines(dir.resolve("count-first"))).containsExactly("ran");
        JsonNode shown = JSON.readTree(GantryProcess.run(dir, "show", "last", "--json").stdout());
        assertThat(shown.get("parentRun").asText()).isEqualTo(runs.get(0).get("run").asText());
    }

    private boolean recordedAs(String step, String status) throws Exception {
        GantryProcess.Result shown = GantryProcess.run(dir, "show", "last", "--json");
        return shown.exitCode() == 0 && status.equals(statusOf(JSON.readTree(shown.stdout()), step));
    }

    @Test
    void rerunUsesTheRecordedSpecEvenAfterTheFileChangedAndLatestUsesTheFile() throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                name: changing
                params: {word: old}
                steps:
                  say:
                    command: [sh, -c, 'echo ${params.word} > ${outputs.o}']
                    outputs: {o: file}
                """);
        GantryProcess.Result first = GantryProcess.run(dir, "run", "p.yaml", "--param", "word=kept", "--json");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        String firstId = JSON.readTree(first.stdout()).get("run").asText();
        Files.writeString(file, Files.readString(file).replace("echo ${params.word}", "echo new ${params.word}"));

        JsonNode rerun = JSON.readTree(GantryProcess.run(dir, "rerun", firstId, "--json").stdout());
        JsonNode forced = JSON.readTree(GantryProcess.run(dir, "rerun", firstId, "--from", "say", "--json").stdout());
        JsonNode latest = JSON.readTree(GantryProcess.run(dir, "rerun", firstId, "--latest", "--json").stdout());

        assertThat(statusOf(rerun, "say")).isEqualTo("cached");
        assertThat(statusOf(forced, "say")).isEqualTo("succeeded");
        assertThat(Files.readString(Path.of(forced.get("steps").get(0).get("outputs").get("o").get("path").asText())))
                .isEqualTo("kept\n");
        assertThat(statusOf(latest, "say")).isEqualTo("succeeded");
        assertThat(Files.readString(Path.of(latest.get("steps").get(0).get("outputs").get("o").get("path").asText())))
                .isEqualTo("new kept\n");
    }

    @Test
    void aRunWithoutOverriddenParametersRecordsItsFileAsReadAndOneWithThemTheirValues() throws Exception {
        String original = """
                # the first version
                name: recorded
                params: {word: old}
                steps:
                  say:
                    command: [sh, -c, 'echo ${params.word} > ${outputs.o}']
                    outputs: {o: file}
                """;
        Files.writeString(dir.resolve("p.yaml"), original);
        String plain = JSON.readTree(GantryProcess.run(dir, "run", "p.yaml", "--json").stdout()).get("run").asText();
        String overridden = JSON.readTree(GantryProcess.run(dir, "run", "p.yaml", "--param", "word=new", "--json")
                .stdout()).get("run").asText();
        Files.writeString(dir.resolve("p.yaml"), original.replace("echo", "echo changed"));

        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve(".gantry")))) {
            assertThat(store.queries().run(plain).orElseThrow().specYaml()).isEqualTo(original);
            String recorded = store.queries().run(overridden).orElseThrow().specYaml();
            assertThat(PipelineYaml.parse(recorded, "recorded").params()).containsEntry("word", "new");
        }
        JsonNode rerun = JSON.readTree(GantryProcess.run(dir, "rerun", plain, "--json").stdout());
        assertThat(statusOf(rerun, "say")).isEqualTo("cached");
    }

    @Test
    void resumingASucceededRunIsAUsageError() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), """
                name: done
                steps:
                  a:
                    command: [true]
                """);
        GantryProcess.run(dir, "run", "p.yaml");
        GantryProcess.Result resume = GantryProcess.run(dir, "resume", "last");

        assertThat(resume.exitCode()).isEqualTo(2);
        assertThat(resume.stderr()).startsWith("error: run ").endsWith(" succeeded, so there is nothing to resume; "
                + "'gantry rerun " + resume.stderr().substring(11, 33) + "' runs it again\n");
    }

    @Test
    void rerunAndResumeUseTheRecordedExecutorOverTheSettingsFileUnlessTold() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), """
                name: placed
                steps:
                  a:
                    command: [sh, -c, 'echo a > ${outputs.o}']
                    outputs: {o: file}
                """);
        String first = JSON.readTree(GantryProcess.run(dir, "run", "p.yaml", "--executor", "local", "--json").stdout())
                .get("run").asText();
        // The site's settings now name another executor, which a plain run would take.
        Files.writeString(dir.resolve("gantry.yaml"), "executor: no-such-executor-here\n");
        assertThat(GantryProcess.run(dir, "run", "p.yaml").stderr()).contains("no-such-executor-here");
        Files.writeString(dir.resolve("gantry.yaml"), "executor: slurm\n");

        JsonNode rerun = JSON.readTree(GantryProcess.run(dir, "rerun", first, "--json").stdout());
        assertThat(statusOf(rerun, "a")).isEqualTo("cached");
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve(".gantry")))) {
            assertThat(store.queries().run(first).orElseThrow().executor()).contains("local");
            assertThat(store.queries().run(rerun.get("run").asText()).orElseThrow().executor()).contains("local");
        }
    }

    @Test
    void resumeLatestRunsTheFixedFileAndTakesTheCompletedStepsFromTheCache() throws Exception {
        String broken = """
                name: fixable
                steps:
                  first:
                    command: [sh, -c, 'echo ran >> count-first; echo one > ${outputs.o}']
                    outputs: {o: file}
                  second:
                    command: [sh, -c, 'exit 7']
                    inputs: {i: first.o}
                    outputs: {o: file}
                """;
        Files.writeString(dir.resolve("p.yaml"), broken);
        assertThat(GantryProcess.run(dir, "run", "p.yaml").exitCode()).isEqualTo(1);
        Files.writeString(dir.resolve("p.yaml"), broken.replace("exit 7", "cat ${inputs.i} > ${outputs.o}"));

        GantryProcess.Result same = GantryProcess.run(dir, "resume", "last", "--json");
        assertThat(same.exitCode()).isEqualTo(1);
        GantryProcess.Result latest = GantryProcess.run(dir, "resume", "last", "--latest", "--json");
        assertThat(latest.exitCode()).as(latest.stderr()).isZero();
        JsonNode resumed = JSON.readTree(latest.stdout());
        assertThat(statusOf(resumed, "first")).isEqualTo("cached");
        assertThat(statusOf(resumed, "second")).isEqualTo("succeeded");
        assertThat(Files.readString(dir.resolve("count-first"))).isEqualTo("ran\n");
    }
}
