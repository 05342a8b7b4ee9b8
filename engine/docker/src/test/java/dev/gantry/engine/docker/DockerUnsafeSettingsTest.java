package dev.gantry.engine.docker;

import static dev.gantry.engine.docker.DockerCheck.TEST_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker executor's own check of dangerous settings, for what validation cannot see in a
 * path as written: a symbolic link to the Docker socket, or a relative path into the store.
 */
@RequiresDocker
class DockerUnsafeSettingsTest {
    @TempDir
    Path dir;

    private RunResult run(Pipeline p) {
        try (DockerRuns docker = new DockerRuns(dir)) {
            return docker.run(p.build());
        }
    }

    @Test
    void aVolumeIntoTheStoreItRunsWithIsRefusedBeforeTheContainerIsMade() {
        Pipeline p = Pipeline.named("store");
        p.defaultImage(TEST_IMAGE);
        p.step("peek").command("sh", "-c", "ls /o > ${outputs.o}").output("o", ArtifactType.FILE)
                .volume("store/runs/../", "/o");

        StepResult peek = run(p).step("peek").orElseThrow();

        assertThat(peek.status()).isEqualTo(StepStatus.FAILED);
        assertThat(peek.message()).contains("step 'peek' mounts host path 'store/runs/../' at '/o', the Gantry"
                + " store " + dir.resolve("store") + ", where every cached result is kept; to allow it, add"
                + " 'mount-store' to the step's 'unsafe' list");
    }

    @Test
    void aSymbolicLinkToTheDockerSocketIsRefused() throws Exception {
        Files.createSymbolicLink(dir.resolve("sock"), Path.of("/var/run/docker.sock"));
        Pipeline p = Pipeline.named("socket");
        p.defaultImage(TEST_IMAGE);
        p.step("reach").command("sh", "-c", "ls -l /s > ${outputs.o}").output("o", ArtifactType.FILE)
                .volume("sock", "/s");

        StepResult reach = run(p).step("reach").orElseThrow();

        assertThat(reach.status()).isEqualTo(StepStatus.FAILED);
        assertThat(reach.message()).contains("step 'reach' mounts host path 'sock' at '/s', the Docker socket, which"
                + " gives control of the whole host; to allow it, add 'docker-socket' to the step's 'unsafe' list");
    }

    @Test
    void aVolumeIntoTheStoreRunsWithItsOptIn() throws Exception {
        Pipeline p = Pipeline.named("store");
        p.defaultImage(TEST_IMAGE);
        var first = p.step("first").command("sh", "-c", "echo x > ${outputs.o}").output("o", ArtifactType.FILE);
        p.step("peek").command("sh", "-c", "test -d /o && echo seen > ${outputs.o}").output("o", ArtifactType.FILE)
                .volume("store/objects", "/o").unsafe("mount-store").after(first);

        RunResult result = run(p);

        StepResult peek = result.step("peek").orElseThrow();
        assertThat(peek.status()).as(peek.toString()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(Files.readString(peek.outputs().get("o").path())).isEqualTo("seen\n");
    }
}
