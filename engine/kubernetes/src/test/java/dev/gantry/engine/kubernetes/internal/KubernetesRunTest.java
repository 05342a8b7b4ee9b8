package dev.gantry.engine.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipelines run through the engine with each attempt a pod, against the mock API server. */
@EnableKubernetesMockClient(crud = true)
class KubernetesRunTest {
    KubernetesClient client;
    @TempDir
    Path dir;

    @Test
    void eachStepRunsAsAPodThatReadsItsInputsAndWritesItsOutputsOnTheClaim() throws Exception {
        Pipeline p = Pipeline.named("two-steps");
        p.defaultImage(KubernetesRuns.IMAGE);
        StepBuilder source = p.step("source").command("sh", "-c", "echo hello > ${outputs.data}")
                .output("data", ArtifactType.FILE);
        p.step("shout").command("sh", "-c", "tr a-z A-Z < ${inputs.data} > ${outputs.loud}")
                .input("data", source.out("data")).output("loud", ArtifactType.FILE);
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir)) {
            CompletableFuture<RunResult> run = k8s.start(p.build());

            Pod first = k8s.awaitPod(run, "source", 1);
            assertThat(first.getSpec().getContainers().get(0).getCommand())
                    .containsExactly("sh", "-c", "echo hello > /gantry/outputs/data");
            Files.writeString(k8s.kubelet.hostPath(first, "/gantry/outputs").resolve("data"), "hello\n");
            k8s.kubelet.exited(first, 0, "Completed");

            Pod second = k8s.awaitPod(run, "shout", 1);
            Path input = k8s.kubelet.hostPath(second, "/gantry/inputs/data");
            assertThat(input).hasContent("hello");
            assertThat(second.getSpec().getContainers().get(0).getVolumeMounts().stream()
                    .filter(m -> m.getMountPath().equals("/gantry/inputs/data")).findFirst().orElseThrow()
                    .getSubPath()).startsWith("store/objects/sha256/");
            Files.writeString(k8s.kubelet.hostPath(second, "/gantry/outputs").resolve("loud"),
                    Files.readString(input).toUpperCase());
            k8s.kubelet.exited(second, 0, "Completed");
            RunResult result = KubernetesRuns.await(run);

            assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(result.step("shout").orElseThrow().outputs().get("loud").path()).hasContent("HELLO");
            k8s.kubelet.awaitNoPods();
            assertThat(client.network().v1().networkPolicies().inNamespace(MockKubelet.NAMESPACE).list().getItems())
                    .isEmpty();

            RunResult again = k8s.run(p.build());
            assertThat(again.step("shout").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
            assertThat(k8s.kubelet.pods()).isEmpty();
        }
    }
}
