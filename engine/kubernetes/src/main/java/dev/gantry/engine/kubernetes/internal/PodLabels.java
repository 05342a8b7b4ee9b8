package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.hash.Sha256;
import dev.gantry.engine.spi.EngineHost;
import dev.gantry.engine.spi.StepLaunch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The labels and annotations on every pod (and network policy) Gantry makes: which pipeline,
 * run, step and attempt it belongs to, so the next run and cleanup find it, and which engine
 * made it, so that pods an engine left behind when it died can be told from those of an engine
 * still running. Labels hold names as Kubernetes allows them (63 characters of letters, digits,
 * {@code -_.}); annotations hold them as written.
 */
final class PodLabels {
    static final String PREFIX = "gantry.dev/";
    /** On everything Gantry makes, to list it. */
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String GANTRY = "gantry";
    static final String PIPELINE = PREFIX + "pipeline";
    static final String RUN = PREFIX + "run";
    static final String STEP = PREFIX + "step";
    static final String ATTEMPT = PREFIX + "attempt";
    /** The pod's own name, which its network policy selects it by. */
    static final String POD = PREFIX + "pod";
    static final String HOST = PREFIX + "engine-host";
    static final String PID = PREFIX + "engine-pid";
    /** When the engine process started, so a reused process id is not taken for the engine. */
    static final String PID_STARTED = PREFIX + "engine-pid-started";
    /** The engine's own pod, where it runs in the cluster ({@code GANTRY_POD_NAME}, from the downward API). */
    static final String ENGINE_POD = PREFIX + "engine-pod";
    static final String ENGINE_NAMESPACE = PREFIX + "engine-namespace";

    private PodLabels() {}

    static Map<String, String> labels(StepLaunch launch, String pipeline, String podName) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, GANTRY);
        labels.put(PIPELINE, value(pipeline));
        labels.put(RUN, value(launch.runId()));
        labels.put(STEP, value(launch.step().name()));
        labels.put(ATTEMPT, Integer.toString(launch.attempt()));
        labels.put(POD, podName);
        return labels;
    }

    static Map<String, String> annotations(StepLaunch launch, String pipeline) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(PIPELINE, pipeline);
        annotations.put(STEP, launch.step().name());
        annotations.put(HOST, EngineHost.name());
        annotations.put(PID, Long.toString(ProcessHandle.current().pid()));
        EngineHost.processStarted().ifPresent(t -> annotations.put(PID_STARTED, Long.toString(t)));
        env("GANTRY_POD_NAME").ifPresent(pod -> annotations.put(ENGINE_POD, pod));
        env("GANTRY_POD_NAMESPACE").ifPresent(ns -> annotations.put(ENGINE_NAMESPACE, ns));
        return annotations;
    }

    /**
     * {@code gantry-RUN-STEP-ATTEMPT}, unique and at most 63 characters of lower-case letters,
     * digits and {@code -}: a step name that is not already so is cleaned and followed by a
     * short hash of itself, so two steps never share a pod name.
     */
    static String podName(String runId, String step, int attempt) {
        String clean = step.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        String prefix = "gantry-" + runId + "-";
        String suffix = "-" + attempt;
        if (!clean.equals(step) || prefix.length() + clean.length() + suffix.length() > 63) {
            String hash = Sha256.ofText(step).substring(0, 8);
            int room = 63 - prefix.length() - suffix.length() - hash.length() - 1;
            clean = clean.substring(0, Math.max(0, Math.min(clean.length(), room))) + "-" + hash;
        }
        return (prefix + clean + suffix).replaceAll("-{2,}", "-");
    }

    /**
     * Whether the engine that made a pod with {@code annotations} has died: it ran in a pod of
     * the cluster that is gone ({@code enginePodExists} says), or it ran on this host and its
     * process is gone (or the id now belongs to another process). A pod of an engine on another
     * host, outside the cluster, is never judged from here.
     */
    static boolean engineIsGone(Map<String, String> annotations, EnginePods enginePods) {
        String enginePod = annotations.get(ENGINE_POD);
        if (enginePod != null && !enginePod.equals(env("GANTRY_POD_NAME").orElse(null))) {
            return !enginePods.exists(annotations.getOrDefault(ENGINE_NAMESPACE, ""), enginePod);
        }
        return EngineHost.isGone(annotations.get(HOST), annotations.get(PID),
                Optional.ofNullable(annotations.get(PID_STARTED)));
    }

    /** Whether a pod of the cluster exists, as the engine pods of leftovers are looked up. */
    interface EnginePods {
        boolean exists(String namespace, String name);
    }

    /** {@code text} as a label value: at most 63 of {@code A-Za-z0-9-_.}, starting and ending with a letter or digit. */
    static String value(String text) {
        String clean = text.replaceAll("[^A-Za-z0-9_.-]+", "-");
        if (clean.length() > 63) {
            clean = clean.substring(0, 54) + "-" + Sha256.ofText(text).substring(0, 8);
        }
        return clean.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }
}
