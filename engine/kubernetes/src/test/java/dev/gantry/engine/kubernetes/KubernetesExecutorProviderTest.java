package dev.gantry.engine.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.spi.Unsuited;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the provider says of a pipeline before anything connects: auto never picks it, and what it cannot run. */
class KubernetesExecutorProviderTest {
    private final KubernetesExecutorProvider provider = new KubernetesExecutorProvider();

    @Test
    void itIsNamedAndAutoNeverPicksIt() {
        assertThat(provider.name()).isEqualTo("kubernetes");
        assertThat(provider.describe()).isEqualTo("in Kubernetes pods");
        assertThat(provider.auto().rank()).isEmpty();
    }

    @Test
    void aPipelineWhoseStepsAllHaveImagesSuitsIt() {
        Pipeline p = Pipeline.named("fine");
        p.defaultImage("busybox:1.36");
        p.step("a").command("true");

        assertThat(provider.unsuited(p.build())).isEmpty();
    }

    @Test
    void stepsWithoutAnImageThatBuildOneOrSetAWrongPodOptionAreNamed() {
        Pipeline p = Pipeline.named("mixed");
        p.step("bare").command("true");
        p.step("built").build("image").command("true");
        p.step("placed").image("busybox:1.36").command("true")
                .executorSettings("kubernetes", Map.of("nodeSelectr", Map.of("pool", "gpu")));

        Unsuited unsuited = provider.unsuited(p.build()).orElseThrow();

        String all = "step 'bare' names no image (set 'image' on it, or 'defaults: {image: ...}' in the pipeline);"
                + " step 'built' builds its image (build and push it, then name it with 'image'); unknown key"
                + " 'nodeSelectr' in 'executors.kubernetes' in step 'placed' (did you mean 'nodeSelector'?)";
        assertThat(unsuited.message()).isEqualTo("the kubernetes executor cannot run pipeline 'mixed' as written: " + all);
        assertThat(unsuited.autoReason()).isEqualTo(all);
        assertThat(unsuited.meantForAnother()).isFalse();
    }
}
