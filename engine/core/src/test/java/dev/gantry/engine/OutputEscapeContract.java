package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a step cannot smuggle into the store, under every executor: a link, a FIFO or a device
 * fails the step with one message naming the output and the path at fault, the steps after it
 * never see it, and nothing of it is stored. Each executor's test runs these as it runs steps.
 */
public abstract class OutputEscapeContract {
    private static final String ONLY = "; outputs may hold only regular files and directories";

    @TempDir
    protected Path dir;

    /** Runs {@code spec} in the store {@code dir/store}, as the executor under test runs steps. */
    protected abstract RunResult run(PipelineSpec spec);

    /** A pipeline whose steps run under the executor under test. */
    protected abstract Pipeline pipeline(String name);

    @Test
    void aSymbolicLinkToAHostFileFailsTheStepAndNoLaterStepReadsIt() throws Exception {
        Pipeline p = pipeline("escape");
        StepBuilder a = p.step("a").command("sh", "-c", "ln -s /etc/hostname ${outputs.o}").output("o", ArtifactType.FILE);
        p.step("b").command("sh", "-c", "cat ${inputs.i} > ${outputs.copy}").input("i", a.out("o"))
                .output("copy", ArtifactType.FILE);

        RunResult result = run(p.build());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.step("a").orElseThrow().message()).hasValue(
                "output 'o' of step 'a': 'o' is a symbolic link to /etc/hostname" + ONLY);
        assertThat(result.step("b").orElseThrow().status()).isNotEqualTo(StepStatus.SUCCEEDED);
        assertNothingStored();
    }

    @Test
    void aRelativeLinkInsideADirectoryOutputFailsTheStepNamingIt() throws Exception {
        Pipeline p = pipeline("relative");
        p.step("train").command("sh", "-c", "mkdir -p ${outputs.model}/weights && echo w > ${outputs.model}/weights/v1"
                + " && ln -s v1 ${outputs.model}/weights/latest").output("model", ArtifactType.DIR);

        RunResult result = run(p.build());

        assertThat(result.step("train").orElseThrow().message()).hasValue(
                "output 'model' of step 'train': 'weights/latest' is a symbolic link to v1" + ONLY);
        assertNothingStored();
    }

    @Test
    void aFifoOutputFailsTheStepAtOnceInsteadOfHangingTheCommit() throws Exception {
        Pipeline p = pipeline("fifo");
        p.step("pipe").command("sh", "-c", "mkfifo ${outputs.o}").output("o", ArtifactType.FILE).timeout("2s");
        p.step("nested").command("sh", "-c", "mkdir ${outputs.d}/sub && mkfifo ${outputs.d}/sub/p")
                .output("d", ArtifactType.DIR).timeout("2s");

        RunResult result = run(p.build());

        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(10));
        assertThat(result.step("pipe").orElseThrow().message()).hasValue("output 'o' of step 'pipe': 'o' is a FIFO" + ONLY);
        assertThat(result.step("nested").orElseThrow().message()).hasValue(
                "output 'd' of step 'nested': 'sub/p' is a FIFO" + ONLY);
        assertNothingStored();
    }

    @Test
    void anOutputThatIsDevZeroThroughALinkFailsTheStepAtOnce() throws Exception {
        Pipeline p = pipeline("zero");
        p.step("zero").command("sh", "-c", "ln -s /dev/zero ${outputs.o}").output("o", ArtifactType.FILE).timeout("2s");

        RunResult result = run(p.build());

        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(10));
        assertThat(result.step("zero").orElseThrow().message()).hasValue(
                "output 'o' of step 'zero': 'o' is a symbolic link to /dev/zero" + ONLY);
    }

    @Test
    void theTimeoutCoversHashingAnOutputThatWouldTakeMinutes() throws Exception {
        Pipeline p = pipeline("huge");
        // Sparse: the step writes no data, but hashing it would read 200 GB of zeros.
        p.step("huge").command("sh", "-c", "truncate -s 200G ${outputs.o}").output("o", ArtifactType.FILE).timeout("2s");

        RunResult result = run(p.build());

        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(15));
        assertThat(result.step("huge").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(result.step("huge").orElseThrow().message()).hasValue(
                "timed out after 2s, while its outputs were being checked and stored");
        assertNothingStored();
    }

    /** Nothing entered the store's objects. */
    protected void assertNothingStored() throws Exception {
        Path objects = dir.resolve("store/objects/sha256");
        if (!Files.exists(objects)) {
            return;
        }
        try (Stream<Path> all = Files.walk(objects)) {
            assertThat(all.filter(f -> !Files.isDirectory(f))).isEmpty();
        }
    }
}
