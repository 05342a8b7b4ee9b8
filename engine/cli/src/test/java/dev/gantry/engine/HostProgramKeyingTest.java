package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.hash.ContentDigest;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under the local executor, what a host process runs is in its cache key: the program on the
 * step's PATH, a script's interpreter, a launcher's files, the scripts its command names, and
 * its fingerprint commands' output. Each changing is a miss, and nothing changing is a hit.
 */
class HostProgramKeyingTest {
    @TempDir
    Path dir;

    private Path store() {
        return dir.resolve("store");
    }

    private RunResult run(PipelineSpec spec, Path baseDir) {
        try (Gantry gantry = Gantry.open(store())) {
            return gantry.run(spec, RunOptions.defaults().withBaseDir(baseDir));
        }
    }

    private static StepStatus status(RunResult result, String step) {
        return result.step(step).orElseThrow().status();
    }

    private static Path executable(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        assertThat(file.toFile().setExecutable(true)).isTrue();
        return file;
    }

    private PipelineSpec onePipeline(Consumer<dev.gantry.dsl.StepBuilder> step) {
        Pipeline p = Pipeline.named("host");
        step.accept(p.step("use").output("o", ArtifactType.FILE));
        return p.build();
    }

    @Test
    void aProgramOnThePathEditedBetweenRunsIsAMissThatExplainNames() throws Exception {
        Path tool = executable(dir.resolve("tools/gantry-test-tool"), "#!/bin/sh\necho v1 > \"$1\"\n");
        String oldDigest = ContentDigest.ofPath(tool);
        Files.writeString(dir.resolve("tool.yaml"), """
                name: tool
                steps:
                  use:
                    command: [gantry-test-tool, "${outputs.o}"]
                    env: {PATH: "%s:/usr/bin:/bin"}
                    outputs: {o: file}
                """.formatted(dir.resolve("tools")));

        GantryProcess.Result first = GantryProcess.run(dir, "run", "tool.yaml");
        GantryProcess.Result unchanged = GantryProcess.run(dir, "run", "tool.yaml");
        Files.writeString(tool, "#!/bin/sh\necho v2 > \"$1\"\n");
        GantryProcess.Result edited = GantryProcess.run(dir, "run", "tool.yaml");
        GantryProcess.Result explain = GantryProcess.run(dir, "explain", "last", "use");

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(unchanged.stdout()).contains("0 ran, 1 cached");
        assertThat(edited.stdout()).contains("1 ran, 0 cached");
        assertThat(explain.stdout())
                .contains("  image.program[\"" + tool + "\"]: \"" + ContentDigest.ofPath(tool) + "\"\n")
                .contains("  image.interpreter[\"/bin/sh\"]: \"" + ContentDigest.ofPath(Path.of("/bin/sh")) + "\"\n")
                .contains("these parts changed:\n  image.program[\"" + tool + "\"]: \"" + oldDigest + "\" -> \""
                        + ContentDigest.ofPath(tool) + "\"\n");
    }

    @Test
    void aScriptWhoseInterpreterChangesIsAMiss() throws Exception {
        Path interpreter = executable(dir.resolve("tools/gantry-test-interp"), "#!/bin/sh\nexec sh \"$@\"\n");
        executable(dir.resolve("tools/gantry-test-script"), "#!/usr/bin/env gantry-test-interp\necho ran > \"$1\"\n");
        PipelineSpec spec = onePipeline(s -> s.command("gantry-test-script", "${outputs.o}")
                .env("PATH", dir.resolve("tools") + ":/usr/bin:/bin"));

        RunResult first = run(spec, dir);
        RunResult unchanged = run(spec, dir);
        Files.writeString(interpreter, "#!/bin/sh\n# a new version\nexec sh \"$@\"\n");
        RunResult changed = run(spec, dir);

        assertThat(status(first, "use")).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(status(unchanged, "use")).isEqualTo(StepStatus.CACHED);
        assertThat(status(changed, "use")).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void projectsInTwoDirectoriesShareAHitOnlyWhenTheirScriptsAreTheSame() throws Exception {
        Path one = Files.createDirectories(dir.resolve("one"));
        Path two = Files.createDirectories(dir.resolve("two"));
        Path three = Files.createDirectories(dir.resolve("three"));
        Files.writeString(one.resolve("job.sh"), "echo one > \"$1\"\n");
        Files.writeString(two.resolve("job.sh"), "echo two > \"$1\"\n");
        Files.writeString(three.resolve("job.sh"), "echo one > \"$1\"\n");
        PipelineSpec spec = onePipeline(s -> s.command("sh", "job.sh", "${outputs.o}"));

        RunResult first = run(spec, one);
        RunResult different = run(spec, two);
        RunResult same = run(spec, three);

        assertThat(status(first, "use")).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(status(different, "use")).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(Files.readString(different.step("use").orElseThrow().outputs().get("o").path())).isEqualTo("two\n");
        assertThat(status(same, "use")).isEqualTo(StepStatus.CACHED);
    }

    @Test
    void aScriptNamedInAShellStringOrAsTheProgramIsKeyedButNotARedirectionTarget() throws Exception {
        Files.writeString(dir.resolve("job.sh"), "echo a\n");
        executable(dir.resolve("run.sh"), "#!/bin/sh\necho b > \"$1\"\n");
        Files.writeString(dir.resolve("log.txt"), "old log\n");
        Pipeline p = Pipeline.named("scripts");
        p.step("string").command("sh", "-c", "sh job.sh > ${outputs.o} 2> log.txt; date >> log.txt")
                .output("o", ArtifactType.FILE);
        p.step("direct").command("./run.sh", "${outputs.o}").output("o", ArtifactType.FILE);
        PipelineSpec spec = p.build();

        run(spec, dir);
        RunResult unchanged = run(spec, dir);
        Files.writeString(dir.resolve("job.sh"), "echo A\n");
        Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho B > \"$1\"\n");
        RunResult edited = run(spec, dir);

        assertThat(status(unchanged, "string")).isEqualTo(StepStatus.CACHED);
        assertThat(status(unchanged, "direct")).isEqualTo(StepStatus.CACHED);
        assertThat(status(edited, "string")).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(status(edited, "direct")).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void aFingerprintWhoseOutputChangesIsAMissAndEachDistinctOneRunsOncePerRun() throws Exception {
        Files.writeString(dir.resolve("version.txt"), "1.0\n");
        String count = "echo ran >> runs.txt; cat version.txt";
        Pipeline p = Pipeline.named("fingerprinted");
        for (String name : new String[] {"a", "b", "c"}) {
            p.step(name).command("sh", "-c", "echo " + name + " > ${outputs.o}").output("o", ArtifactType.FILE)
                    .fingerprint("sh", "-c", count);
        }
        PipelineSpec spec = p.build();

        RunResult first = run(spec, dir);
        RunResult unchanged = run(spec, dir);
        Files.writeString(dir.resolve("version.txt"), "2.0\n");
        RunResult changed = run(spec, dir);

        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(status(unchanged, "b")).isEqualTo(StepStatus.CACHED);
        assertThat(status(changed, "a")).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(status(changed, "c")).isEqualTo(StepStatus.SUCCEEDED);
        // Once in each of the three runs, for three steps.
        assertThat(Files.readString(dir.resolve("runs.txt"))).isEqualTo("ran\nran\nran\n");
    }

    @Test
    void aFailingFingerprintFailsTheStepSayingWhichCommandAndWhy() {
        PipelineSpec spec = onePipeline(s -> s.command("sh", "-c", "echo x > ${outputs.o}")
                .fingerprint("sh", "-c", "echo no pip here >&2; exit 3"));

        RunResult result = run(spec, dir);

        assertThat(status(result, "use")).isEqualTo(StepStatus.FAILED);
        assertThat(result.step("use").orElseThrow().message()).contains("step 'use': fingerprint command"
                + " `sh -c 'echo no pip here >&2; exit 3'` exited with code 3: no pip here");
    }

    @Test
    void aLauncherIsKeyedByTheFilesItDeclaresItStandsFor() throws Exception {
        Path jar = dir.resolve("tools/lib/app.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "build 1\n");
        executable(dir.resolve("tools/gantry-test-launcher"), "#!/bin/sh\n# Runs the app.\n"
                + "# gantry-key: ${GANTRY_TEST_APP:-lib/app.jar}\ncat \"$(dirname \"$0\")/lib/app.jar\" > \"$1\"\n");
        PipelineSpec spec = onePipeline(s -> s.command("gantry-test-launcher", "${outputs.o}")
                .env("PATH", dir.resolve("tools") + ":/usr/bin:/bin"));

        run(spec, dir);
        RunResult unchanged = run(spec, dir);
        Files.writeString(jar, "build 2\n");
        RunResult rebuilt = run(spec, dir);

        assertThat(status(unchanged, "use")).isEqualTo(StepStatus.CACHED);
        assertThat(status(rebuilt, "use")).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(Files.readString(rebuilt.step("use").orElseThrow().outputs().get("o").path())).isEqualTo("build 2\n");
    }
}
