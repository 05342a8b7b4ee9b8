package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.spi.ExecutorUnavailableException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's API and the namespace the executor's pods live in. Connecting reads the
 * configuration as {@code kubectl} does: the kubeconfig ({@code KUBECONFIG}, else
 * {@code ~/.kube/config}) from outside the cluster, the pod's service account from inside.
 */
final class Cluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    final KubernetesClient client;
    private final String namespace;

    Cluster(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /**
     * Connects as the kubeconfig (or the in-cluster service account) says, to
     * {@code settings}' context and namespace where they name one.
     *
     * @throws ExecutorUnavailableException when no configuration names a cluster
     */
    static Cluster connect(KubernetesSettings settings) {
        Config config;
        try {
            config = Config.autoConfigure(settings.context().orElse(null));
        } catch (RuntimeException e) {
            throw new ExecutorUnavailableException("cannot read the Kubernetes configuration: " + ClusterErrors.message(e)
                    + "; check KUBECONFIG (or ~/.kube/config), or run Gantry in a pod of the cluster",
                    "no usable Kubernetes configuration", e);
        }
        // The client retries a failed request ten times by default, over about a minute and a half:
        // an engine that cannot reach its cluster should say so sooner, and a pod's status is read
        // again at the next poll anyway.
        config.setRequestRetryBackoffLimit(3);
        String namespace = settings.namespace().or(() -> Optional.ofNullable(config.getNamespace())).orElse("default");
        return new Cluster(new KubernetesClientBuilder().withConfig(config).build(), namespace);
    }

    String namespace() {
        return namespace;
    }

    /** Where the API answers, for messages. */
    String address() {
        return client.getMasterUrl().toString();
    }

    NonNamespaceOperation<Pod, PodList, PodResource> pods() {
        return client.pods().inNamespace(namespace);
    }

    NonNamespaceOperation<NetworkPolicy, NetworkPolicyList, Resource<NetworkPolicy>> networkPolicies() {
        return client.network().v1().networkPolicies().inNamespace(namespace);
    }

    /** Deletes a pod (with {@code grace} to stop) and its network policy; one already gone is fine. */
    void deleteQuietly(String pod, Optional<String> policy, Duration grace, String what) {
        try {
            pods().withName(pod).withGracePeriod(grace.toSeconds()).delete();
        } catch (RuntimeException e) {
            LOG.warn("cannot delete {}: {}; the next run's start deletes it once this engine has ended", what,
                    ClusterErrors.message(e));
        }
        policy.ifPresent(p -> {
            try {
                networkPolicies().withName(p).delete();
            } catch (RuntimeException e) {
                LOG.warn("cannot delete the network policy {} of {}: {}", p, what, ClusterErrors.message(e));
            }
        });
    }

    /** Waits until {@code pod} is gone, at most {@code limit}, looking every {@code poll}. */
    void awaitGone(String pod, Duration limit, Duration poll, String what) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (pods().withName(pod).get() == null) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.debug("cannot see whether {} is gone: {}", what, ClusterErrors.message(e));
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warn("{} was deleted but is still there after {} s", what, limit.toSeconds());
    }

    /** Whether pod {@code name} exists in {@code podNamespace} (this one when empty); yes when the API cannot say. */
    boolean podExists(String podNamespace, String name) {
        try {
            return client.pods().inNamespace(podNamespace.isEmpty() ? namespace : podNamespace).withName(name)
                    .get() != null;
        } catch (RuntimeException e) {
            LOG.debug("cannot see whether engine pod {} exists: {}", name, ClusterErrors.message(e));
            return true;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
