package dev.gantry.engine.kubernetes.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where and as whom a step's pod runs, which the executor's settings give for every step and a
 * pipeline's or step's {@code executors: {kubernetes: ...}} may change for its own.
 *
 * @param nodeSelector node labels the pod's node must have; empty means any node
 * @param tolerations the taints the pod tolerates
 * @param serviceAccount the service account the pod runs as; absent means the namespace's default
 * @param imagePullSecrets the Secrets holding the registry logins to pull the step's image with
 * @param priorityClass the pod's PriorityClass; absent means the cluster's default
 * @param automountServiceAccountToken whether the pod gets its service account's token. Default:
 *     no, since a step has no business with the cluster's API unless it says so
 */
public record PodOptions(
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        Optional<String> serviceAccount,
        List<String> imagePullSecrets,
        Optional<String> priorityClass,
        boolean automountServiceAccountToken) {
    /** Any node, no tolerations, the default service account without its token. */
    public static final PodOptions DEFAULTS = new PodOptions(Map.of(), List.of(), Optional.empty(), List.of(),
            Optional.empty(), false);

    public PodOptions {
        nodeSelector = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
        tolerations = List.copyOf(tolerations);
        imagePullSecrets = List.copyOf(imagePullSecrets);
    }

    /**
     * A taint the pod tolerates, as a pod spec writes it.
     *
     * @param key the taint's key; absent with {@code Exists} tolerates every taint
     * @param operator {@code Equal} or {@code Exists}
     * @param value the taint's value, for {@code Equal}
     * @param effect {@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}; absent means all
     */
    public record Toleration(Optional<String> key, String operator, Optional<String> value, Optional<String> effect) {
        public Toleration {
            if (!operator.equals("Equal") && !operator.equals("Exists")) {
                throw new IllegalArgumentException("a toleration's operator must be Equal or Exists, was '" + operator + "'");
            }
        }
    }

    /** These options with what {@code step} sets in place of each part it sets; lists are replaced, not joined. */
    public PodOptions with(Changes step) {
        return new PodOptions(
                step.nodeSelector().orElse(nodeSelector),
                step.tolerations().orElse(tolerations),
                step.serviceAccount().or(() -> serviceAccount),
                step.imagePullSecrets().orElse(imagePullSecrets),
                step.priorityClass().or(() -> priorityClass),
                step.automountServiceAccountToken().orElse(automountServiceAccountToken));
    }

    /** What a pipeline's defaults or a step sets of the options: each part absent where it says nothing. */
    public record Changes(
            Optional<Map<String, String>> nodeSelector,
            Optional<List<Toleration>> tolerations,
            Optional<String> serviceAccount,
            Optional<List<String>> imagePullSecrets,
            Optional<String> priorityClass,
            Optional<Boolean> automountServiceAccountToken) {
        /** Sets nothing. */
        public static final Changes NONE = new Changes(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
