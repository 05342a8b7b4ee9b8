package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.spi.ExitReason;
import dev.gantry.engine.spi.RunningStep;
import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.spec.Durations;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.MemorySize;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt's pod, from creation to deletion: its status is read every poll interval until it
 * ends, its log streams from its container's start, a pod that no node takes within the
 * unschedulable timeout fails, and the pod (with its network policy) is deleted when the attempt
 * is over, however it ends.
 */
final class StepPod implements RunningStep {
    private static final Logger LOG = LoggerFactory.getLogger(StepPod.class);
    /** How long the log may trail the pod's end before it is closed. */
    private static final Duration LOG_DRAIN = Duration.ofSeconds(10);
    /** The exit code of an attempt whose pod was deleted under it: SIGKILL's. */
    private static final int KILLED = 137;

    private final Cluster cluster;
    private final String name;
    private final String what;
    private final String image;
    private final Optional<MemorySize> memory;
    private final KubernetesSettings settings;
    private final PodLog log;
    private final Optional<String> policy;
    private volatile boolean killed;
    private volatile Optional<ExitReason> failureReason = Optional.empty();
    private Optional<PodState.Ended> ended = Optional.empty();
    private Optional<Instant> unschedulableSince = Optional.empty();

    StepPod(Cluster cluster, Pod pod, StepLaunch launch, KubernetesSettings settings, PodLog log,
            Optional<String> policy) {
        this.cluster = cluster;
        this.name = pod.getMetadata().getName();
        this.what = "step '" + launch.step().name() + "' of run " + launch.runId() + ", attempt " + launch.attempt()
                + " (pod " + cluster.namespace() + "/" + name + ")";
        this.image = pod.getSpec().getContainers().get(0).getImage();
        this.memory = launch.resources().memory();
        this.settings = settings;
        this.log = log;
        this.policy = policy;
    }

    @Override
    public synchronized Optional<Integer> waitFor(Optional<Duration> timeout) throws InterruptedException {
        Optional<Instant> deadline = timeout.map(Instant.now()::plus);
        while (ended.isEmpty()) {
            Optional<PodState.Ended> now = look();
            if (now.isPresent()) {
                finish(now.get());
                break;
            }
            long wait = settings.pollInterval().toMillis();
            if (deadline.isPresent()) {
                long left = Duration.between(Instant.now(), deadline.get()).toMillis();
                if (left <= 0) {
                    return Optional.empty();
                }
                wait = Math.min(wait, left);
            }
            wait(wait);
        }
        return Optional.of(ended.get().exitCode());
    }

    /** Reads the pod's status once: its end if it is over, else empty (starting its log once it runs). */
    private Optional<PodState.Ended> look() {
        Pod pod;
        try {
            pod = cluster.pods().withName(name).get();
        } catch (RuntimeException e) {
            // The API may be briefly away; the pod goes on without it. The next look tries again.
            LOG.debug("cannot read the status of {}: {}", what, ClusterErrors.message(e));
            return Optional.empty();
        }
        if (pod == null) {
            return Optional.of(new PodState.Ended(KILLED, killed ? Optional.empty() : Optional.of(new ExitReason(
                    FailureKind.INFRASTRUCTURE, "its pod " + name + " was deleted while it ran, not by Gantry")),
                    false));
        }
        PodState state = PodState.of(pod, image, memory);
        if (state instanceof PodState.Running || state instanceof PodState.Ended e && e.ran()) {
            log.follow(cluster.pods().withName(name), name);
        }
        if (state instanceof PodState.Ended e) {
            return Optional.of(e);
        }
        if (state instanceof PodState.Waiting w && w.unschedulable().isPresent()) {
            Instant since = unschedulableSince.orElseGet(Instant::now);
            unschedulableSince = Optional.of(since);
            if (Duration.between(since, Instant.now()).compareTo(settings.unschedulableTimeout()) >= 0) {
                return Optional.of(new PodState.Ended(PodState.NO_EXIT_CODE, Optional.of(new ExitReason(
                        FailureKind.UNSCHEDULABLE, "no node could take its pod within "
                        + Durations.format(settings.unschedulableTimeout()) + " (executors.kubernetes.unschedulableTimeout):"
                        + " " + w.unschedulable().get().strip())), false));
            }
        } else {
            unschedulableSince = Optional.empty();
        }
        return Optional.empty();
    }

    private void finish(PodState.Ended end) {
        ended = Optional.of(end);
        if (!killed) {
            failureReason = end.reason();
        }
        log.awaitEnd(end.ran() ? LOG_DRAIN : Duration.ZERO);
        delete(Duration.ZERO);
    }

    @Override
    public Optional<ExitReason> failureReason() {
        return failureReason;
    }

    /** Deletes the pod, giving it the stop grace, and returns once it is gone (or the delete wait has passed). */
    @Override
    public void kill() {
        killed = true;
        delete(settings.stopGrace());
        log.awaitEnd(Duration.ofSeconds(1));
    }

    private void delete(Duration grace) {
        cluster.deleteQuietly(name, policy, grace, what);
        cluster.awaitGone(name, settings.deleteWait(), settings.pollInterval(), what);
    }
}
