package dev.gantry.engine.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.Map;

/**
 * The network policy that takes the network from a step that names none, as Docker's
 * {@code network: none} does: it selects the attempt's pod by its {@code gantry.dev/pod} label and
 * allows it no egress and no ingress. It is made before the pod and deleted with it. It holds
 * only where the cluster's network plugin enforces network policies (Calico, Cilium; kindnet and
 * flannel do not).
 */
final class EgressPolicy {
    private EgressPolicy() {}

    /** The policy of {@code pod}, named, labelled and annotated like it, so it is found and judged like it. */
    static NetworkPolicy of(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String name = pod.getMetadata().getName();
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(name).withLabels(labels).withAnnotations(pod.getMetadata().getAnnotations())
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(Map.of(PodLabels.POD, name)).endPodSelector()
                .withPolicyTypes("Egress", "Ingress")
                .endSpec()
                .build();
    }
}
