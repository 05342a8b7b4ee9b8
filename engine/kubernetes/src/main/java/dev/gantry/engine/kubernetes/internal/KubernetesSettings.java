package dev.gantry.engine.kubernetes.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the Kubernetes executor runs pods: the {@code executors: {kubernetes: ...}} section of
 * {@code gantry.yaml}. Immutable; each {@code with} method returns a changed copy.
 *
 * @param namespace the namespace pods run in. Default: the kubeconfig context's, or the service
 *     account's namespace inside a cluster, else {@code default}
 * @param context the kubeconfig context to use. Default: the current one
 * @param claim the ReadWriteMany PersistentVolumeClaim that holds the store; required
 * @param mountPath where this engine sees the claim's root: the store must lie under it; required
 * @param uid the user pods run as (never root). Default: 1000
 * @param gid the group pods run as, and the group of the volumes they write. Default: 1000
 * @param pod where and as whom pods run, unless a pipeline or step says otherwise
 * @param secrets Gantry secret name to the Kubernetes Secret and key that hold its value
 * @param unschedulableTimeout how long a pod may wait for a node before its step fails as
 *     unschedulable. Default: 5 minutes
 * @param parallel how many steps may run at once when {@code --parallel} is not given. Default: 64
 * @param pollInterval how often a running pod's status is read. Default: 1 second
 * @param stopGrace how long a pod that is deleted (a timeout, a cancel) has after SIGTERM before
 *     it is killed. Default: 5 seconds
 * @param deleteWait how long a cancel waits for a deleted pod to be gone. Default: 1 minute
 * @param registryTimeout how long each request to an image registry may take. Default: 10 seconds
 */
public record KubernetesSettings(
        Optional<String> namespace,
        Optional<String> context,
        Optional<String> claim,
        Optional<Path> mountPath,
        long uid,
        long gid,
        PodOptions pod,
        Map<String, SecretRef> secrets,
        Duration unschedulableTimeout,
        int parallel,
        Duration pollInterval,
        Duration stopGrace,
        Duration deleteWait,
        Duration registryTimeout) {

    public KubernetesSettings {
        secrets = java.util.Collections.unmodifiableMap(new TreeMap<>(secrets));
        mountPath = mountPath.map(p -> p.toAbsolutePath().normalize());
        if (uid <= 0) {
            throw new IllegalArgumentException("uid must be above 0 (pods never run as root), was " + uid);
        }
        if (gid < 0) {
            throw new IllegalArgumentException("gid must not be negative, was " + gid);
        }
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, was " + parallel);
        }
        positive("unschedulableTimeout", unschedulableTimeout);
        positive("pollInterval", pollInterval);
        positive("deleteWait", deleteWait);
        positive("registryTimeout", registryTimeout);
        if (stopGrace.isNegative()) {
            throw new IllegalArgumentException("stopGrace must not be negative, was " + stopGrace);
        }
    }

    /**
     * The Kubernetes Secret a Gantry secret's value is in.
     *
     * @param secret the Secret's name, in the pods' namespace
     * @param key the key in its data
     */
    public record SecretRef(String secret, String key) {}

    /** Every default, with no claim and no mount path yet. */
    public static KubernetesSettings defaults() {
        return new KubernetesSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1000,
                1000, PodOptions.DEFAULTS, Map.of(), Duration.ofMinutes(5), 64, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofSeconds(10));
    }

    /** The store lives on {@code claim}, whose root this engine sees at {@code mountPath}. */
    public KubernetesSettings withClaim(String claim, Path mountPath) {
        return new KubernetesSettings(namespace, context, Optional.of(claim), Optional.of(mountPath), uid, gid, pod,
                secrets, unschedulableTimeout, parallel, pollInterval, stopGrace, deleteWait, registryTimeout);
    }

    public KubernetesSettings withNamespace(String value) {
        return new KubernetesSettings(Optional.of(value), context, claim, mountPath, uid, gid, pod, secrets,
                unschedulableTimeout, parallel, pollInterval, stopGrace, deleteWait, registryTimeout);
    }

    public KubernetesSettings withUser(long uidValue, long gidValue) {
        return new KubernetesSettings(namespace, context, claim, mountPath, uidValue, gidValue, pod, secrets,
                unschedulableTimeout, parallel, pollInterval, stopGrace, deleteWait, registryTimeout);
    }

    public KubernetesSettings withPod(PodOptions value) {
        return new KubernetesSettings(namespace, context, claim, mountPath, uid, gid, value, secrets,
                unschedulableTimeout, parallel, pollInterval, stopGrace, deleteWait, registryTimeout);
    }

    public KubernetesSettings withSecrets(Map<String, SecretRef> value) {
        return new KubernetesSettings(namespace, context, claim, mountPath, uid, gid, pod, value,
                unschedulableTimeout, parallel, pollInterval, stopGrace, deleteWait, registryTimeout);
    }

    public KubernetesSettings withUnschedulableTimeout(Duration value) {
        return new KubernetesSettings(namespace, context, claim, mountPath, uid, gid, pod, secrets, value, parallel,
                pollInterval, stopGrace, deleteWait, registryTimeout);
    }

    public KubernetesSettings withPollInterval(Duration value) {
        return new KubernetesSettings(namespace, context, claim, mountPath, uid, gid, pod, secrets,
                unschedulableTimeout, parallel, value, stopGrace, deleteWait, registryTimeout);
    }

    public KubernetesSettings withDeleteWait(Duration value) {
        return new KubernetesSettings(namespace, context, claim, mountPath, uid, gid, pod, secrets,
                unschedulableTimeout, parallel, pollInterval, stopGrace, value, registryTimeout);
    }

    public KubernetesSettings withRegistryTimeout(Duration value) {
        return new KubernetesSettings(namespace, context, claim, mountPath, uid, gid, pod, secrets,
                unschedulableTimeout, parallel, pollInterval, stopGrace, deleteWait, value);
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
