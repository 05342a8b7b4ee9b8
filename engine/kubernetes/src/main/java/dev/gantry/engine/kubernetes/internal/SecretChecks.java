package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.spi.StepLaunch;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks, before a step's pod is made, that each Kubernetes Secret its secrets come from exists
 * and holds the key, so a wrong mapping fails the step at once in words that say which, rather
 * than leaving its pod waiting with {@code CreateContainerConfigError}.
 */
final class SecretChecks {
    private SecretChecks() {}

    static void check(Cluster cluster, StepLaunch launch, Map<String, KubernetesSettings.SecretRef> used)
            throws IOException {
        Map<String, Secret> seen = new HashMap<>();
        for (Map.Entry<String, KubernetesSettings.SecretRef> e : used.entrySet()) {
            KubernetesSettings.SecretRef ref = e.getValue();
            Secret secret;
            try {
                secret = seen.computeIfAbsent(ref.secret(), n -> cluster.client.secrets()
                        .inNamespace(cluster.namespace()).withName(n).get());
            } catch (RuntimeException failed) {
                // Gantry may not be allowed to read Secrets: the pod then says what is wrong, if anything.
                continue;
            }
            String where = "step '" + launch.step().name() + "': secret " + e.getKey() + " comes from Kubernetes"
                    + " Secret '" + ref.secret() + "'";
            if (secret == null) {
                throw new IOException(where + ", which does not exist in namespace '" + cluster.namespace() + "'");
            }
            TreeSet<String> keys = new TreeSet<>();
            if (secret.getData() != null) {
                keys.addAll(secret.getData().keySet());
            }
            if (secret.getStringData() != null) {
                keys.addAll(secret.getStringData().keySet());
            }
            if (!keys.contains(ref.key())) {
                throw new IOException(where + ", which has no key '" + ref.key() + "' (it has " + (keys.isEmpty()
                        ? "none" : String.join(", ", keys)) + ")");
            }
        }
    }
}
