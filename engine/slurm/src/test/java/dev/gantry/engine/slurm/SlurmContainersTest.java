package dev.gantry.engine.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.spec.FailureKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Steps with an image run in it as Slurm jobs, through Slurm's OCI support and runc. */
@RequiresSlurm
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SlurmContainersTest {
    @TempDir
    Path dir;

    private RunResult run(Pipeline pipeline) throws Exception {
        try (Gantry gantry = Gantry.open(dir.resolve(".gantry"))) {
            return gantry.run(pipeline.build(), RunOptions.defaults().withExecutor(new ExecutorChoice("slurm"))
                    .withBaseDir(dir));
        }
    }

    private void settings(String bundles) throws Exception {
        Files.writeString(dir.resolve("gantry.yaml"), "executors:\n  slurm: {containers: oci, bundles: " + bundles
                + "}\n");
    }

    @Test
    void aStepWithAnImageRunsInItsBundleAndSeesItsInputsAndOutputsAtTheirPaths() throws Exception {
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        TestBundles.busybox(bundles.resolve("busybox_1"), "inside busybox", dir);
        settings(bundles.toString());
        Pipeline p = Pipeline.named("contained");
        var make = p.step("make").image("busybox:1")
                .command("sh", "-c", "cat /gantry-marker > ${outputs.out}").output("out", ArtifactType.FILE);
        p.step("read").image("busybox:1").command("sh", "-c", "cat ${inputs.in} /gantry-marker > ${outputs.out}")
                .input("in", make.out("out")).output("out", ArtifactType.FILE);
        p.step("host").command("sh", "-c", "test -e /gantry-marker || echo on the host > ${outputs.out}")
                .output("out", ArtifactType.FILE);

        RunResult first = run(p);
        RunResult second = run(p);

        assertThat(first.succeeded()).as(first.toString()).isTrue();
        assertThat(Files.readString(first.step("read").orElseThrow().outputs().get("out").path()))
                .isEqualTo("inside busybox\ninside busybox\n");
        assertThat(Files.readString(first.step("host").orElseThrow().outputs().get("out").path()))
                .isEqualTo("on the host\n");
        // The runtime's mount points in the bundle's root do not make the next run a miss.
        assertThat(second.statuses()).containsOnly(Map.entry("make", StepStatus.CACHED),
                Map.entry("read", StepStatus.CACHED), Map.entry("host", StepStatus.CACHED));
    }

    @Test
    void aChangedBundleIsACacheMiss() throws Exception {
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        Path bundle = TestBundles.busybox(bundles.resolve("tool_2"), "first", dir);
        settings(bundles.toString());
        Pipeline p = Pipeline.named("rebuilt");
        p.step("mark").image("tool:2").command("sh", "-c", "cat /gantry-marker > ${outputs.out}")
                .output("out", ArtifactType.FILE);

        RunResult first = run(p);
        Files.writeString(bundle.resolve("rootfs/gantry-marker"), "second, longer\n");
        RunResult second = run(p);

        assertThat(second.step("mark").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(Files.readString(second.step("mark").orElseThrow().outputs().get("out").path()))
                .isEqualTo("second, longer\n");
        assertThat(second.step("mark").orElseThrow().cacheKey()).isNotEqualTo(first.step("mark").orElseThrow().cacheKey());
    }

    @Test
    void aBundleThatDoesNotMountTheStoreFailsTheStepSayingWhatToMount() throws Exception {
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        TestBundles.busybox(bundles.resolve("closed_1"), "closed", bundles);
        settings(bundles.toString());
        Pipeline p = Pipeline.named("closed");
        p.step("a").image("closed:1").command("true");

        RunResult result = run(p);

        StepFailure failure = result.step("a").orElseThrow().failure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.COULD_NOT_START);
        assertThat(failure.message()).startsWith("step 'a': the OCI bundle " + bundles.resolve("closed_1")
                + " mounts no directory that holds " + dir);
    }

    @Test
    void anImageWithoutABundleFailsTheStepSayingWhereItLooked() throws Exception {
        settings(dir.resolve("bundles").toString());
        Pipeline p = Pipeline.named("missing");
        p.step("a").image("pytorch/pytorch:2.3").command("true");

        RunResult result = run(p);

        StepFailure failure = result.step("a").orElseThrow().failure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.COULD_NOT_START);
        assertThat(failure.message()).isEqualTo("step 'a': image 'pytorch/pytorch:2.3' has no OCI bundle at "
                + dir.resolve("bundles/pytorch_pytorch_2.3") + " (a directory with config.json and its root filesystem)");
    }
}
