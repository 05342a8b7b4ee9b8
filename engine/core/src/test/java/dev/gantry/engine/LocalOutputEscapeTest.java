package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The output checks under the local executor, where a step can also reach the host's files directly. */
class LocalOutputEscapeTest extends OutputEscapeContract {
    @Override
    protected RunResult run(PipelineSpec spec) {
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            return gantry.run(spec, RunOptions.defaults().withBaseDir(dir));
        }
    }

    @Override
    protected Pipeline pipeline(String name) {
        return Pipeline.named(name);
    }

    @Test
    void aHardLinkToAFileOutsideTheOutputsFailsTheStepAndLeavesThatFileAlone() throws Exception {
        Path outside = Files.writeString(dir.resolve("notes.txt"), "mine\n");
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(outside);
        Pipeline p = pipeline("linked");
        p.step("a").command("sh", "-c", "ln " + outside + " ${outputs.o}").output("o", ArtifactType.FILE);

        RunResult result = run(p.build());

        assertThat(result.step("a").orElseThrow().message()).hasValue("output 'o' of step 'a': 'o' is a hard link"
                + " to a file outside the step's outputs (it has 2 links); outputs may hold only files the step"
                + " wrote, so copy the file instead of linking it");
        assertThat(Files.getPosixFilePermissions(outside)).isEqualTo(before).contains(PosixFilePermission.OWNER_WRITE);
        assertNothingStored();
    }

    @Test
    void hardLinksBetweenFilesTheStepWroteAreStoredAsTheirContent() throws Exception {
        Pipeline p = pipeline("twins");
        p.step("a").command("sh", "-c", "echo same > ${outputs.d}/one && ln ${outputs.d}/one ${outputs.d}/two"
                + " && ln ${outputs.d}/one ${outputs.f}").output("d", ArtifactType.DIR).output("f", ArtifactType.FILE);

        RunResult result = run(p.build());

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        Path stored = result.step("a").orElseThrow().outputs().get("d").path();
        assertThat(Files.readString(stored.resolve("two"))).isEqualTo("same\n");
    }

    @Test
    void aDeviceNodeOutputFailsTheStep() throws Exception {
        Skip.unless("root".equals(System.getProperty("user.name")), "making a device node needs root");
        Pipeline p = pipeline("device");
        p.step("dev").command("sh", "-c", "mknod ${outputs.o} c 1 5").output("o", ArtifactType.FILE).timeout("2s");

        RunResult result = run(p.build());

        assertThat(result.step("dev").orElseThrow().message()).hasValue(
                "output 'o' of step 'dev': 'o' is a character device; outputs may hold only regular files and directories");
        assertNothingStored();
    }

    @Test
    void aStepThatReplacesItsScratchDirectoryWithALinkHasNothingStored() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path planted = Files.writeString(elsewhere.resolve("o"), "planted\n");
        Pipeline p = pipeline("swap");
        p.step("a").command("sh", "-c", "scratch=$(dirname ${outputs.o}); rm -rf \"$scratch\"; ln -s " + elsewhere
                + " \"$scratch\"").output("o", ArtifactType.FILE);

        RunResult result = run(p.build());

        Path scratch = dir.resolve("store").toAbsolutePath().resolve("runs/" + result.runId() + "/a/attempt-1");
        assertThat(result.step("a").orElseThrow().message()).hasValue("step 'a': its scratch directory " + scratch
                + " was replaced by a symbolic link to " + elsewhere + "; the step's outputs are not stored");
        assertThat(planted).hasContent("planted");
        assertThat(Files.getPosixFilePermissions(planted)).contains(PosixFilePermission.OWNER_WRITE);
        assertNothingStored();
    }

    @Test
    void cancellingARunStopsHashingAnOutputAtOnce() throws Exception {
        Path written = dir.resolve("written");
        Pipeline p = pipeline("cancel-hash");
        p.step("huge").command("sh", "-c", "truncate -s 200G ${outputs.o} && touch " + written)
                .output("o", ArtifactType.FILE);
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(
                    () -> gantry.run(p.build(), RunOptions.defaults().withBaseDir(dir)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(written) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            long cancelled = System.nanoTime();
            gantry.cancel();
            RunResult result = running.get(15, TimeUnit.SECONDS);

            assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(3));
            assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(result.step("huge").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
        }
        assertNothingStored();
    }
}
