package dev.gantry.engine.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pods that an engine made and could not delete because it died: found by their labels in the
 * namespace, and deleted when the engine that made them is gone, so their work never runs twice
 * at once when the run is resumed. Network policies of such engines go with them.
 */
final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {}

    /** Deletes every leftover pod and describes each, such as {@code run R, step S, attempt 1 (pod P)}. */
    static List<String> remove(Cluster cluster, Duration grace) {
        List<String> removed = new ArrayList<>();
        List<Pod> pods = cluster.pods().withLabel(PodLabels.MANAGED_BY, PodLabels.GANTRY).list().getItems();
        for (Pod pod : pods) {
            Map<String, String> annotations = Optional.ofNullable(pod.getMetadata().getAnnotations()).orElse(Map.of());
            if (PodLabels.engineIsGone(annotations, cluster::podExists)) {
                Map<String, String> labels = pod.getMetadata().getLabels();
                String name = pod.getMetadata().getName();
                String what = "run " + labels.get(PodLabels.RUN) + ", step "
                        + annotations.getOrDefault(PodLabels.STEP, labels.get(PodLabels.STEP)) + ", attempt "
                        + labels.get(PodLabels.ATTEMPT) + " (pod " + name + ")";
                cluster.deleteQuietly(name, Optional.of(name), grace, "the leftover pod of " + what);
                removed.add(what);
            }
        }
        for (NetworkPolicy policy : cluster.networkPolicies().withLabel(PodLabels.MANAGED_BY, PodLabels.GANTRY).list()
                .getItems()) {
            String name = policy.getMetadata().getName();
            Map<String, String> annotations = Optional.ofNullable(policy.getMetadata().getAnnotations()).orElse(Map.of());
            if (removed.stream().noneMatch(w -> w.endsWith("(pod " + name + ")"))
                    && PodLabels.engineIsGone(annotations, cluster::podExists)) {
                cluster.deleteQuietly(name, Optional.of(name), Duration.ZERO, "the leftover network policy " + name);
            }
        }
        LOG.debug("{} pod(s) of Gantry in namespace {}; {} left behind by engines that are gone", pods.size(),
                cluster.namespace(), removed.size());
        return removed;
    }
}
