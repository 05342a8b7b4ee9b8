package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.spi.ExitReason;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.MemorySize;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where an attempt's pod stands, read from its status in Kubernetes' own words: waiting (for a
 * node, or for its image), running, or ended with an exit code and, where the code does not say
 * it all, why: killed for its memory ({@code OOMKilled}), past its deadline
 * ({@code DeadlineExceeded}), evicted or preempted, its image not pulled, its node lost.
 */
sealed interface PodState {
    /** The exit code of a pod that ended without its container's: it never ran, or its node went away. */
    int NO_EXIT_CODE = 125;
    /** Waiting reasons of a container whose image cannot be pulled. */
    Set<String> PULL_FAILURES = Set.of("ErrImagePull", "ImagePullBackOff");
    /** Waiting and terminated reasons of a container that cannot run as written. */
    Set<String> CANNOT_RUN = Set.of("InvalidImageName", "CreateContainerConfigError", "RunContainerError",
            "StartError", "ContainerCannotRun");

    /**
     * Not running yet.
     *
     * @param unschedulable the scheduler's words when it found no node for the pod, such as
     *     {@code 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.}
     */
    record Waiting(Optional<String> unschedulable) implements PodState {}

    /** Its container has started: its log can be followed. */
    record Running() implements PodState {}

    /**
     * Over.
     *
     * @param exitCode the container's, or {@link #NO_EXIT_CODE}
     * @param reason why, where the code does not say it all
     * @param ran whether the container started, so that it has a log
     */
    record Ended(int exitCode, Optional<ExitReason> reason, boolean ran) implements PodState {}

    /**
     * The state of {@code pod}.
     *
     * @param image the image as the pod names it, for messages
     * @param memory the step's memory limit, for the out-of-memory message
     */
    static PodState of(Pod pod, String image, Optional<MemorySize> memory) {
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String phase = Optional.ofNullable(status.getPhase()).orElse("Pending");
        Optional<ContainerStatus> container = Optional.ofNullable(status.getContainerStatuses()).orElse(List.of())
                .stream().filter(c -> PodManifest.CONTAINER.equals(c.getName())).findFirst();
        Optional<ContainerStateTerminated> terminated = container.map(ContainerStatus::getState)
                .map(s -> s.getTerminated());
        String podReason = Optional.ofNullable(status.getReason()).orElse("");
        String podMessage = Optional.ofNullable(status.getMessage()).orElse("");
        Optional<String> disruption = condition(status, "DisruptionTarget", "True").map(PodCondition::getReason);

        if (phase.equals("Succeeded")) {
            return new Ended(terminated.map(t -> t.getExitCode()).orElse(0), Optional.empty(), true);
        }
        if (phase.equals("Unknown") || podReason.equals("NodeLost")) {
            return ended(terminated, FailureKind.INFRASTRUCTURE, "its node stopped answering (pod phase " + phase
                    + (podReason.isEmpty() ? "" : ", " + podReason) + ")" + words(podMessage));
        }
        if (podReason.equals("DeadlineExceeded")) {
            return ended(terminated, FailureKind.TIMEOUT, "its pod ran past its deadline (activeDeadlineSeconds "
                    + pod.getSpec().getActiveDeadlineSeconds() + ")" + words(podMessage));
        }
        if (podReason.equals("Evicted") || disruption.filter(PodState::preempts).isPresent()) {
            return ended(terminated, FailureKind.PREEMPTED, (podReason.equals("Evicted") ? "evicted"
                    : "taken off its node (" + disruption.get() + ")") + words(podMessage));
        }
        if (terminated.isPresent()) {
            ContainerStateTerminated t = terminated.get();
            String reason = Optional.ofNullable(t.getReason()).orElse("");
            if (reason.equals("OOMKilled")) {
                return new Ended(t.getExitCode(), Optional.of(new ExitReason(FailureKind.OUT_OF_MEMORY,
                        "out of memory" + memory.map(m -> " (limit " + m + ")").orElse("") + " (OOMKilled)")), true);
            }
            if (CANNOT_RUN.contains(reason)) {
                return new Ended(t.getExitCode(), Optional.of(new ExitReason(FailureKind.COULD_NOT_START,
                        "its container could not start (" + reason + ")" + words(t.getMessage()))), false);
            }
            if (phase.equals("Failed") || t.getExitCode() != 0) {
                return new Ended(t.getExitCode(), Optional.empty(), true);
            }
        }
        if (phase.equals("Failed")) {
            return new Ended(NO_EXIT_CODE, Optional.of(new ExitReason(FailureKind.INFRASTRUCTURE,
                    "its pod failed" + (podReason.isEmpty() ? "" : " (" + podReason + ")") + words(podMessage))),
                    false);
        }
        Optional<ContainerStateWaiting> waiting = container.map(ContainerStatus::getState).map(s -> s.getWaiting());
        if (waiting.isPresent()) {
            String reason = Optional.ofNullable(waiting.get().getReason()).orElse("");
            if (PULL_FAILURES.contains(reason)) {
                return new Ended(NO_EXIT_CODE, Optional.of(new ExitReason(FailureKind.INFRASTRUCTURE, "cannot pull"
                        + " image " + image + " (" + reason + ")" + words(waiting.get().getMessage()))), false);
            }
            if (CANNOT_RUN.contains(reason)) {
                return new Ended(NO_EXIT_CODE, Optional.of(new ExitReason(FailureKind.COULD_NOT_START,
                        (reason.equals("InvalidImageName") ? "image " + image + " is not a valid name"
                                : "its container could not start") + " (" + reason + ")"
                                + words(waiting.get().getMessage()))), false);
            }
        }
        if (container.map(ContainerStatus::getState).map(s -> s.getRunning()).isPresent() || terminated.isPresent()) {
            return new Running();
        }
        return new Waiting(condition(status, "PodScheduled", "False")
                .filter(c -> "Unschedulable".equals(c.getReason()))
                .map(c -> Optional.ofNullable(c.getMessage()).orElse("no node fits it")));
    }

    private static Ended ended(Optional<ContainerStateTerminated> terminated, FailureKind kind, String message) {
        return new Ended(terminated.map(t -> t.getExitCode()).orElse(NO_EXIT_CODE),
                Optional.of(new ExitReason(kind, message)), terminated.isPresent());
    }

    /** Whether a {@code DisruptionTarget} reason means the cluster took the node's room back, not a fault. */
    private static boolean preempts(String reason) {
        return Set.of("PreemptionByScheduler", "EvictionByEvictionAPI", "TerminationByKubelet").contains(reason);
    }

    private static Optional<PodCondition> condition(PodStatus status, String type, String value) {
        return Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
                .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus())).findFirst();
    }

    /** {@code : MESSAGE}, or nothing for no message. */
    private static String words(String message) {
        return message == null || message.isBlank() ? "" : ": " + message.strip();
    }
}
