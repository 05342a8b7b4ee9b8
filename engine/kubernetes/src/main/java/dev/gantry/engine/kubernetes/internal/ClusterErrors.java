package dev.gantry.engine.kubernetes.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Words for what the cluster's API answered: its own message, without the client's wrapping. */
final class ClusterErrors {
    private ClusterErrors() {}

    static String message(Throwable e) {
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage() + " (" + k.getCode() + ")";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null || e.getMessage().isBlank() ? root.toString() : e.getMessage();
        return root != e && root.getMessage() != null && !message.contains(root.getMessage())
                ? message + ": " + root.getMessage() : message;
    }

    /** The HTTP status the API answered with, or 0 when it did not answer. */
    static int code(Throwable e) {
        return e instanceof KubernetesClientException k ? k.getCode() : 0;
    }
}
