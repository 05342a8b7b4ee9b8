package dev.gantry.engine.docker;

import static dev.gantry.engine.docker.DockerCheck.TEST_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.BuildSpec;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images in the cache key by ID, images built from a context, and images that cannot be had. */
@RequiresDocker
class DockerImagesTest {
    @TempDir
    Path dir;

    private static PipelineSpec printing(String image) {
        Pipeline p = Pipeline.named("tagged");
        p.step("print").image(image).command("sh", "-c", "echo same > ${outputs.o}").output("o", ArtifactType.FILE);
        return p.build();
    }

    @Test
    void reRunningWithTheSameImageIsACacheHitButRePointingItsTagIsAMiss() throws Exception {
        String tag = "gantry-test/repoint:" + ProcessHandle.current().pid();
        try (TestDocker daemon = TestDocker.connect(); DockerRuns docker = new DockerRuns(dir)) {
            String first = daemon.buildVariant(TEST_IMAGE, tag, "one", dir);
            RunResult ran = docker.run(printing(tag));
            RunResult again = docker.run(printing(tag));
            String second = daemon.buildVariant(TEST_IMAGE, tag, "two", dir);
            RunResult repointed = docker.run(printing(tag));
            daemon.removeImage(tag);
            daemon.removeImage(first);
            daemon.removeImage(second);

            assertThat(second).isNotEqualTo(first);
            assertThat(ran.step("print").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(again.step("print").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
            assertThat(repointed.step("print").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(repointed.step("print").orElseThrow().cacheKey())
                    .isNotEqualTo(ran.step("print").orElseThrow().cacheKey());
        }
    }

    @Test
    void aBuildContextIsBuiltOnceAndRebuiltWhenItsContentChanges() throws Exception {
        Path context = Files.createDirectories(dir.resolve("image"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + TEST_IMAGE + "\nARG WORD\nCOPY greeting /greeting\n"
                + "RUN echo \"$WORD\" >> /greeting\n");
        Files.writeString(context.resolve("greeting"), "hello\n");
        Pipeline p = Pipeline.named("built");
        p.step("read").build(BuildSpec.of("image").withArg("WORD", "world"))
                .command("sh", "-c", "cat /greeting > ${outputs.o}").output("o", ArtifactType.FILE);
        try (DockerRuns docker = new DockerRuns(dir); TestDocker daemon = TestDocker.connect()) {
            RunResult first = docker.run(p.build());
            RunResult again = docker.run(p.build());
            String firstTag = Images.BUILD_REPOSITORY + Images.contentHash(context, BuildSpec.of("image").withArg("WORD", "world"));
            Files.writeString(context.resolve("greeting"), "goodbye\n");
            RunResult changed = docker.run(p.build());
            String changedTag = Images.BUILD_REPOSITORY + Images.contentHash(context, BuildSpec.of("image").withArg("WORD", "world"));

            assertThat(Files.readString(first.step("read").orElseThrow().outputs().get("o").path()))
                    .isEqualTo("hello\nworld\n");
            assertThat(again.step("read").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
            assertThat(Files.readString(changed.step("read").orElseThrow().outputs().get("o").path()))
                    .isEqualTo("goodbye\nworld\n");
            assertThat(daemon.imageId(firstTag)).isPresent();
            assertThat(daemon.imageId(changedTag)).isPresent().isNotEqualTo(daemon.imageId(firstTag));
            daemon.removeImage(firstTag);
            daemon.removeImage(changedTag);
        }
    }

    @Test
    void anImageThatIsNeitherHereNorPullableFailsTheStepWithTheDaemonsReason() {
        String missing = "gantry-test/absent:" + ProcessHandle.current().pid();
        RunResult result;
        try (DockerRuns docker = new DockerRuns(dir)) {
            result = docker.run(printing(missing));
        }

        assertThat(result.step("print").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(result.step("print").orElseThrow().message().orElseThrow()).startsWith("step 'print': image '"
                + missing + "' is not on the Docker host and pulling it failed: ");
    }
}
