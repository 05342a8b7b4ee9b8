package dev.gantry.engine.kubernetes.internal;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a test does in the place of a node: it finds the pods the executor made in the mock API
 * server, writes what their step would write on the claim, and sets their status as a kubelet
 * would, in Kubernetes' own words.
 */
final class MockKubelet {
    static final String NAMESPACE = "gantry-test";
    private final KubernetesClient client;
    private final Path mountPath;

    MockKubelet(KubernetesClient client, Path mountPath) {
        this.client = client;
        this.mountPath = mountPath;
    }

    /** Waits (at most 20 s) for the pod of {@code step}'s attempt, and returns it. */
    Pod awaitPod(String step, int attempt) {
        return awaitPod(step, attempt, () -> Optional.empty());
    }

    /**
     * Waits (at most 20 s) for the pod of {@code step}'s attempt, and returns it; fails at once
     * when {@code over} says why no pod will come (the run ended).
     */
    Pod awaitPod(String step, int attempt, java.util.function.Supplier<Optional<String>> over) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            Optional<String> ended = over.get();
            if (ended.isPresent() && pods().isEmpty()) {
                throw new AssertionError("no pod of step '" + step + "' will come: " + ended.get());
            }
            Optional<Pod> pod = pods().stream()
                    .filter(p -> step.equals(p.getMetadata().getLabels().get(PodLabels.STEP))
                            && Integer.toString(attempt).equals(p.getMetadata().getLabels().get(PodLabels.ATTEMPT)))
                    .findFirst();
            if (pod.isPresent()) {
                return pod.get();
            }
            pause();
        }
        throw new AssertionError("no pod of step '" + step + "', attempt " + attempt + " appeared in 20 s; pods: "
                + pods().stream().map(p -> p.getMetadata().getName()).toList());
    }

    /** Waits (at most 20 s) until no pod is left in the namespace. */
    void awaitNoPods() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!pods().isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("pods left: " + pods().stream().map(p -> p.getMetadata().getName()).toList());
            }
            pause();
        }
    }

    List<Pod> pods() {
        return client.pods().inNamespace(NAMESPACE).list().getItems();
    }

    /** Where the engine sees the claim path that {@code pod}'s container mounts at {@code target}. */
    Path hostPath(Pod pod, String target) {
        VolumeMount mount = pod.getSpec().getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(target)).findFirst()
                .orElseThrow(() -> new AssertionError("pod " + pod.getMetadata().getName() + " mounts nothing at "
                        + target));
        return mountPath.resolve(Optional.ofNullable(mount.getSubPath()).orElse(""));
    }

    /** Its container has started. */
    void running(Pod pod) {
        status(pod, new PodStatusBuilder().withPhase("Running").withContainerStatuses(new ContainerStatusBuilder()
                .withName(PodManifest.CONTAINER).withNewState().withNewRunning().endRunning().endState().build())
                .build());
    }

    /** Its container exited with {@code code}, for {@code reason} ({@code Completed}, {@code Error}, {@code OOMKilled}). */
    void exited(Pod pod, int code, String reason) {
        status(pod, new PodStatusBuilder().withPhase(code == 0 ? "Succeeded" : "Failed")
                .withContainerStatuses(new ContainerStatusBuilder().withName(PodManifest.CONTAINER).withNewState()
                        .withNewTerminated().withExitCode(code).withReason(reason).endTerminated().endState().build())
                .build());
    }

    /** Sets {@code pod}'s status, as the kubelet (or the scheduler) would. */
    void status(Pod pod, PodStatus status) {
        Pod current = client.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).get();
        current.setStatus(status);
        client.pods().inNamespace(NAMESPACE).resource(current).updateStatus();
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
