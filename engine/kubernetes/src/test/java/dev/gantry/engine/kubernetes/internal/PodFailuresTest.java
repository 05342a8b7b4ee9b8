package dev.gantry.engine.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.FailureKind;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a pod's end reads as a step's failure, with its status set by the test as the cluster would
 * set it, in Kubernetes' own words; and that the pod is gone after each.
 */
@EnableKubernetesMockClient(crud = true)
class PodFailuresTest {
    KubernetesClient client;
    @TempDir
    Path dir;

    @Test
    void aContainerThatExitsWithACodeFailsTheStepWithThatCode() throws Exception {
        StepFailure failure = fail(KubernetesRuns.IMAGE, (kubelet, pod) -> kubelet.exited(pod, 3, "Error"));

        assertThat(failure.kind()).isEqualTo(FailureKind.EXIT_CODE);
        assertThat(failure.exitCode()).contains(3);
        assertThat(failure.message()).isEqualTo("exit code 3");
    }

    @Test
    void aContainerKilledForItsMemoryIsOutOfMemory() throws Exception {
        StepFailure failure = fail(KubernetesRuns.IMAGE, (kubelet, pod) -> kubelet.exited(pod, 137, "OOMKilled"));

        assertThat(failure.kind()).isEqualTo(FailureKind.OUT_OF_MEMORY);
        assertThat(failure.exitCode()).contains(137);
        assertThat(failure.message()).isEqualTo("out of memory (limit 64m) (OOMKilled)");
    }

    @Test
    void anImageThatCannotBePulledIsAnInfrastructureFailureNamingTheImage() throws Exception {
        StepFailure failure = fail(KubernetesRuns.IMAGE, (kubelet, pod) -> kubelet.status(pod, waiting(
                "ImagePullBackOff", "Back-off pulling image \"" + KubernetesRuns.IMAGE + "\"")));

        assertThat(failure.kind()).isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(failure.exitCode()).contains(PodState.NO_EXIT_CODE);
        assertThat(failure.message()).isEqualTo("cannot pull image " + KubernetesRuns.IMAGE + " (ImagePullBackOff):"
                + " Back-off pulling image \"" + KubernetesRuns.IMAGE + "\"");
    }

    @Test
    void anImageNameTheNodeRejectsCouldNotStart() throws Exception {
        StepFailure failure = fail(KubernetesRuns.IMAGE, (kubelet, pod) -> kubelet.status(pod, waiting(
                "InvalidImageName", "couldn't parse image name")));

        assertThat(failure.kind()).isEqualTo(FailureKind.COULD_NOT_START);
        assertThat(failure.message()).isEqualTo("image " + KubernetesRuns.IMAGE + " is not a valid name"
                + " (InvalidImageName): couldn't parse image name");
    }

    @Test
    void aPodNoNodeTakesWithinTheTimeoutIsUnschedulableInTheSchedulersWords() throws Exception {
        StepFailure failure = fail(KubernetesRuns.testSettings().withUnschedulableTimeout(Duration.ofMillis(300)),
                KubernetesRuns.IMAGE, (kubelet, pod) -> kubelet.status(pod, new PodStatusBuilder().withPhase("Pending")
                        .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                        .withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.").endCondition()
                        .build()));

        assertThat(failure.kind()).isEqualTo(FailureKind.UNSCHEDULABLE);
        assertThat(failure.message()).isEqualTo("no node could take its pod within 300ms"
                + " (executors.kubernetes.unschedulableTimeout): 0/3 nodes are available: 3 Insufficient"
                + " nvidia.com/gpu.");
    }

    @Test
    void anEvictedPodIsPreempted() throws Exception {
        StepFailure failure = fail(KubernetesRuns.IMAGE, (kubelet, pod) -> kubelet.status(pod, new PodStatusBuilder()
                .withPhase("Failed").withReason("Evicted").withMessage("The node was low on resource: memory.")
                .build()));

        assertThat(failure.kind()).isEqualTo(FailureKind.PREEMPTED);
        assertThat(failure.message()).isEqualTo("evicted: The node was low on resource: memory.");
    }

    @Test
    void aPodThatRanPastItsDeadlineTimedOut() throws Exception {
        StepFailure failure = fail(KubernetesRuns.IMAGE, (kubelet, pod) -> kubelet.status(pod, new PodStatusBuilder()
                .withPhase("Failed").withReason("DeadlineExceeded")
                .withMessage("Pod was active on the node longer than the specified deadline")
                .withContainerStatuses(new ContainerStatusBuilder().withName("step").withNewState().withNewTerminated()
                        .withExitCode(143).withReason("Error").endTerminated().endState().build())
                .build()));

        assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(failure.exitCode()).contains(143);
        assertThat(failure.message()).isEqualTo("its pod ran past its deadline (activeDeadlineSeconds 600): Pod was"
                + " active on the node longer than the specified deadline");
    }

    @Test
    void aPodWhoseNodeWasLostIsAnInfrastructureFailure() throws Exception {
        StepFailure failure = fail(KubernetesRuns.IMAGE, (kubelet, pod) -> kubelet.status(pod, new PodStatusBuilder()
                .withPhase("Unknown").withReason("NodeLost").withMessage("Node worker-2 which was running pod is"
                        + " unresponsive").build()));

        assertThat(failure.kind()).isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.message()).isEqualTo("its node stopped answering (pod phase Unknown, NodeLost): Node"
                + " worker-2 which was running pod is unresponsive");
    }

    @Test
    void aPodDeletedByAnotherHandIsAnInfrastructureFailure() throws Exception {
        StepFailure failure = fail(KubernetesRuns.IMAGE, (kubelet, pod) -> client.pods()
                .inNamespace(MockKubelet.NAMESPACE).withName(pod.getMetadata().getName()).delete());

        assertThat(failure.kind()).isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(failure.message()).isEqualTo("its pod " + podName + " was deleted while it ran, not by Gantry");
    }

    @Test
    void anImageNameThatIsNotOneFailsBeforeAnyPodIsMade() throws Exception {
        Pipeline p = Pipeline.named("bad-image");
        p.step("work").image("Not A/Name").command("true");
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir)) {
            StepResult work = k8s.run(p.build()).step("work").orElseThrow();

            assertThat(work.status()).isEqualTo(StepStatus.FAILED);
            assertThat(work.failure().orElseThrow().kind()).isEqualTo(FailureKind.COULD_NOT_START);
            assertThat(work.message()).contains("step 'work': image 'Not A/Name' is not a valid image name: its"
                    + " repository 'Not A/Name' is not lower-case letters, digits and separators (. _ -) between '/'");
            assertThat(k8s.kubelet.pods()).isEmpty();
        }
    }

    private String podName;

    private StepFailure fail(String image, BiConsumer<MockKubelet, Pod> cluster) throws Exception {
        return fail(KubernetesRuns.testSettings(), image, cluster);
    }

    /** Runs a one-step pipeline whose pod {@code cluster} ends, and returns the step's failure. */
    private StepFailure fail(KubernetesSettings settings, String image, BiConsumer<MockKubelet, Pod> cluster)
            throws Exception {
        Pipeline p = Pipeline.named("failing");
        p.step("work").image(image).command("work").memory("64m").timeout("10m");
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir, settings)) {
            CompletableFuture<RunResult> run = k8s.start(p.build());
            Pod pod = k8s.awaitPod(run, "work", 1);
            podName = pod.getMetadata().getName();
            cluster.accept(k8s.kubelet, pod);
            RunResult result = KubernetesRuns.await(run);

            StepResult work = result.step("work").orElseThrow();
            assertThat(work.status()).as(KubernetesRuns.describe(result)).isEqualTo(StepStatus.FAILED);
            k8s.kubelet.awaitNoPods();
            assertThat(client.network().v1().networkPolicies().inNamespace(MockKubelet.NAMESPACE).list().getItems())
                    .isEmpty();
            return work.failure().orElseThrow();
        }
    }

    private static io.fabric8.kubernetes.api.model.PodStatus waiting(String reason, String message) {
        return new PodStatusBuilder().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                .withName("step").withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
                .endState().build()).build();
    }
}
