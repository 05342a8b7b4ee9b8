package dev.gantry.engine.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.kubernetes.internal.registry.LocalRegistry;
import dev.gantry.engine.kubernetes.internal.registry.TestRegistry;
import dev.gantry.engine.spi.PreparedStep;
import dev.gantry.engine.spi.RunScope;
import dev.gantry.spec.PipelineSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step's image is pinned to the digest its tag points at in a real registry (Debian's
 * docker-registry), which its pod runs and its cache key holds; an image whose registry cannot
 * be reached runs by its tag, uncached, with a notice.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(LocalRegistry.class)
class ImagePinningTest {
    KubernetesClient client;
    @TempDir
    Path dir;
    private final TestRegistry registry = new TestRegistry();

    @Test
    void thePodRunsTheImageByTheDigestOfItsTagAndAMovedTagIsACacheMiss() throws Exception {
        String repository = "gantry-test/pin-" + UUID.randomUUID().toString().substring(0, 8);
        String first = TestRegistry.digest(registry.image(repository, "first", "1"));
        String image = LocalRegistry.ADDRESS + "/" + repository + ":1";
        Pipeline p = Pipeline.named("pinned");
        p.step("work").image(image).command("work");
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir)) {
            CompletableFuture<RunResult> run = k8s.start(p.build());
            Pod pod = k8s.awaitPod(run, "work", 1);
            String pinned = LocalRegistry.ADDRESS + "/" + repository + "@" + first;
            assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo(pinned);
            assertThat(pod.getSpec().getContainers().get(0).getEnv()).filteredOn(v -> v.getName().equals("GANTRY_IMAGE"))
                    .extracting(EnvVar::getValue).containsExactly(pinned);
            k8s.kubelet.exited(pod, 0, "Completed");
            assertThat(KubernetesRuns.await(run).step("work").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);

            assertThat(k8s.run(p.build()).step("work").orElseThrow().status()).isEqualTo(StepStatus.CACHED);

            String second = TestRegistry.digest(registry.image(repository, "second", "1"));
            CompletableFuture<RunResult> moved = k8s.start(p.build());
            Pod again = k8s.awaitPod(moved, "work", 1);
            assertThat(again.getSpec().getContainers().get(0).getImage())
                    .isEqualTo(LocalRegistry.ADDRESS + "/" + repository + "@" + second);
            k8s.kubelet.exited(again, 0, "Completed");
            assertThat(KubernetesRuns.await(moved).step("work").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(k8s.notices).isEmpty();
        }
    }

    @Test
    void anImageWhoseRegistryCannotBeReachedRunsByItsTagMarkedUncachedWithANotice() throws Exception {
        Pipeline p = Pipeline.named("unreachable");
        p.step("work").image("localhost:1/gantry/none:1").command("work");
        PipelineSpec spec = p.build();
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir)) {
            PreparedStep prepared = k8s.executor().prepare(spec, spec.steps().get("work"), new Scope(dir));

            assertThat(prepared.identity()).containsEntry("image", "localhost:1/gantry/none:1")
                    .containsKey(Prepared.UNCACHED);
            assertThat((String) prepared.identity().get(Prepared.UNCACHED))
                    .startsWith("its image 'localhost:1/gantry/none:1' could not be pinned to a digest (cannot reach"
                            + " localhost: ");
            assertThat(((Prepared) prepared).image()).isEqualTo("localhost:1/gantry/none:1");
            assertThat(k8s.notices).singleElement().satisfies(n -> assertThat(n)
                    .startsWith("steps with image 'localhost:1/gantry/none:1' could not be pinned to a digest"
                            + " (cannot reach localhost: ")
                    .endsWith(") run uncached; name it as localhost:1/gantry/none@sha256:... to cache them"));
        }
    }

    @Test
    void aStepWhoseImageCannotBePinnedRunsAgainRatherThanComeFromTheCache() throws Exception {
        Pipeline p = Pipeline.named("unpinned");
        p.step("work").image("localhost:1/gantry/none:1").command("work");
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir)) {
            for (int run = 1; run <= 2; run++) {
                CompletableFuture<RunResult> running = k8s.start(p.build());
                Pod pod = k8s.awaitPod(running, "work", 1);
                k8s.kubelet.exited(pod, 0, "Completed");

                assertThat(KubernetesRuns.await(running).step("work").orElseThrow().status()).as("run %d", run)
                        .isEqualTo(StepStatus.SUCCEEDED);
            }
        }
    }

    /** A run's scope for a prepare called outside a run. */
    private record Scope(Path baseDir, Map<Class<?>, Object> memos) implements RunScope {
        Scope(Path baseDir) {
            this(baseDir, new ConcurrentHashMap<>());
        }

        @Override
        public String hostDigest(Path path) {
            throw new UnsupportedOperationException("no host files here");
        }

        @Override
        public <T> T memo(Class<T> type, Function<RunScope, T> make) {
            return type.cast(memos.computeIfAbsent(type, t -> make.apply(this)));
        }
    }
}
