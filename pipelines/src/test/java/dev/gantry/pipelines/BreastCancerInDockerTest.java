package dev.gantry.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.docker.TestDocker;
import dev.gantry.spec.ExecutorChoice;
import java.util.Map;

/**
 * The pipeline with every step in its own container of {@value StepImageCheck#IMAGE}. The
 * registry outlives deploy's container through the volume the pipeline mounts, and is on the
 * host beside the pipeline; serving is checked in the container and not pretended, since the
 * container and its servers end with the step.
 */
@RequiresStepImage
class BreastCancerInDockerTest extends BreastCancerEndToEnd {
    @Override
    ExecutorChoice executor() {
        return ExecutorChoice.DOCKER;
    }

    @Override
    Map<String, String> params() {
        return Map.of();
    }

    @Override
    void assertDeployed(BreastCancerRuns runs, JsonNode deployment, String version) {
        assertThat(deployment.path("version").asText()).isEqualTo(version);
        assertThat(deployment.has("url")).isFalse();
        assertThat(deployment.path("not_served").asText()).isEqualTo("the step runs in a container"
                + " (GANTRY_EXECUTOR=docker), which stops a server it starts when the step ends");
        JsonNode card = BreastCancerRuns.read(runs.registry().resolve("breast-cancer/" + version + "/card.json"));
        try (TestDocker docker = TestDocker.connect()) {
            assertThat(card.path("image").asText()).isEqualTo(docker.imageId(StepImageCheck.IMAGE).orElseThrow());
        }
        assertThat(runs.registry().resolve("breast-cancer/serving")).doesNotExist();
    }
}
