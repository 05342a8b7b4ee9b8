package dev.gantry.engine.kubernetes.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Words for what the cluster's API answered: its own message, without the client's wrapping. */
final class ClusterErrors {
    private ClusterErrors() {}

    static String message(Throwable e) {
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage() + " (" + k.getCode() + ")";
        }
        // The client wraps what went wrong in words of its own ("Operation: [list] for kind: [Pod]
        // ... failed."): the cause says it, such as an unknown host or a refused connection.
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null || root.getMessage().isBlank() ? "" : ": " + root.getMessage();
        return root == e && !message.isEmpty() ? root.getMessage() : root.getClass().getSimpleName() + message;
    }

    /** The HTTP status the API answered with, or 0 when it did not answer. */
    static int code(Throwable e) {
        return e instanceof KubernetesClientException k ? k.getCode() : 0;
    }
}
