package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.kubernetes.internal.registry.RegistryDigests;
import dev.gantry.engine.spi.Capacity;
import dev.gantry.engine.spi.ContainerPaths;
import dev.gantry.engine.spi.ExecutionException;
import dev.gantry.engine.spi.ExecutorUnavailableException;
import dev.gantry.engine.spi.PreparedStep;
import dev.gantry.engine.spi.RunScope;
import dev.gantry.engine.spi.RunningStep;
import dev.gantry.engine.spi.StepExecutor;
import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.spec.UnsafeSettings;
import dev.gantry.spec.VolumeSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Runs each attempt of a step as a pod of its own in one namespace of a cluster. The store lives
 * on a ReadWriteMany claim that this engine mounts too: a pod sees its inputs as read-only
 * mounts of their objects on the claim at {@code /gantry/inputs/NAME}, and writes its outputs
 * into the attempt's scratch directory on the claim, mounted at {@code /gantry/outputs}, which
 * the engine then commits as for any executor. Nothing is copied.
 *
 * <p>A step's cache key holds its image's digest, never a tag. Pods run as a user that is not
 * root, without privilege escalation, capabilities, service account token or (where the
 * cluster enforces network policies) network unless the step asks. Each pod is labelled with its
 * pipeline, run, step and attempt, and deleted when the attempt ends; pods of an engine that
 * died are deleted when the next one opens the executor.
 */
public final class KubernetesExecutor implements StepExecutor {
    private final Cluster cluster;
    private final KubernetesSettings settings;
    private final ClaimPaths claim;
    private final Images images;
    private final List<String> leftoversRemoved;

    KubernetesExecutor(Cluster cluster, KubernetesSettings settings, Consumer<String> notices) {
        this.cluster = cluster;
        this.settings = settings;
        this.claim = new ClaimPaths(settings.claim().orElseThrow(() -> missing("claim")),
                settings.mountPath().orElseThrow(() -> missing("mountPath")));
        this.images = new Images(new RegistryDigests(settings.registryTimeout()), notices);
        try {
            this.leftoversRemoved = Leftovers.remove(cluster, settings.stopGrace());
        } catch (RuntimeException e) {
            // Without a kubeconfig, outside a cluster, the client falls back to the in-cluster address.
            String noConfig = System.getenv("KUBERNETES_SERVICE_HOST") == null
                    && cluster.address().contains("kubernetes.default.svc")
                    ? " (no kubeconfig was found: set KUBECONFIG, or write ~/.kube/config)" : "";
            throw new ExecutorUnavailableException("cannot list the pods of namespace '" + cluster.namespace()
                    + "' at " + cluster.address() + noConfig + ": " + ClusterErrors.message(e) + "; check that the"
                    + " cluster answers (kubectl get pods -n " + cluster.namespace() + ") and that Gantry's account"
                    + " may list pods there", "the Kubernetes API at " + cluster.address() + " does not answer: "
                    + ClusterErrors.message(e), e);
        }
    }

    /**
     * Connects to the cluster the kubeconfig or the pod's service account names, and deletes the
     * pods that engines which died left behind.
     *
     * @param notices where notices go, such as the uncached steps of an image whose registry cannot be reached
     * @throws ExecutorUnavailableException saying what to check, when the settings lack the claim
     *     or the cluster does not answer
     */
    public static KubernetesExecutor open(KubernetesSettings settings, Consumer<String> notices) {
        if (settings.claim().isEmpty() || settings.mountPath().isEmpty()) {
            throw missing(settings.claim().isEmpty() ? "claim" : "mountPath");
        }
        Cluster cluster = Cluster.connect(settings);
        try {
            return new KubernetesExecutor(cluster, settings, notices);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static ExecutorUnavailableException missing(String key) {
        return new ExecutorUnavailableException("the kubernetes executor needs the store's claim: set 'claim' (a"
                + " ReadWriteMany PersistentVolumeClaim) and 'mountPath' (where this engine mounts it, with the store"
                + " under it) under executors: {kubernetes: ...} in gantry.yaml", "no '" + key + "' is set", null);
    }

    /** The leftover pods deleted when this executor opened, each described by run, step and attempt. */
    public List<String> leftoversRemoved() {
        return leftoversRemoved;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    /**
     * The image's digest, the digests of the step's code files and its volumes as written. The
     * image's tag is resolved through its registry; an image whose registry cannot say marks the
     * step uncached ({@link Prepared#UNCACHED}).
     */
    @Override
    public PreparedStep prepare(PipelineSpec pipeline, StepSpec step, RunScope run) {
        if (step.container().build().isPresent()) {
            throw new ExecutionException("step '" + step.name() + "' builds its image, which the kubernetes executor"
                    + " cannot: build and push it, then name it with 'image'");
        }
        String name = pipeline.effectiveImage(step).orElseThrow(() -> new ExecutionException("step '" + step.name()
                + "' names no image, which the kubernetes executor needs: set 'image' on it, or 'defaults: {image:"
                + " ...}' in the pipeline"));
        Images.Resolution image = images.resolve(name, step.name(), run);
        Path baseDir = run.baseDir();
        List<Prepared.ClaimMount> mounts = new ArrayList<>();
        Map<String, String> code = new TreeMap<>();
        for (ContainerPaths.CodeFile file : ContainerPaths.codeFiles(step, baseDir)) {
            code.put(file.written(), file.digest());
            mounts.add(onClaim(step, file.path(), "code file " + file.written(), file.target(), true, Optional.empty()));
        }
        List<String> volumes = new ArrayList<>();
        for (VolumeSpec v : step.container().volumes()) {
            Path source = baseDir.resolve(v.source()).normalize();
            mounts.add(onClaim(step, source, "volume " + v.source(), v.target(), v.readOnly(), Optional.of(v)));
            volumes.add(v.toString());
        }
        Map<String, Object> identity = new TreeMap<>();
        identity.put("executor", name());
        // The image's digest, not its tag: a tag can be moved to another image.
        identity.put("image", image.digest().orElse(name));
        image.uncached().ifPresent(why -> identity.put(Prepared.UNCACHED, why));
        // The code files are mounted into the container, so their content is part of what runs.
        identity.put("code", code);
        if (!volumes.isEmpty()) {
            identity.put("volumes", volumes);
        }
        return new Prepared(image.podImage(), pipeline.name(), SettingsReader.podOptions(settings.pod(), pipeline, step),
                mounts, identity);
    }

    private Prepared.ClaimMount onClaim(StepSpec step, Path host, String what, String target, boolean readOnly,
            Optional<VolumeSpec> volume) {
        try {
            return new Prepared.ClaimMount(host, claim.subPath(host, "step '" + step.name() + "': " + what), target,
                    readOnly, volume);
        } catch (IOException e) {
            throw new ExecutionException(e.getMessage());
        }
    }

    /** The cluster places pods itself: no bound on cores, memory or GPUs here. */
    @Override
    public Capacity capacity(boolean needsMemory, boolean needsGpus) {
        return Capacity.unbounded("the cluster");
    }

    /** How many steps run at once when {@code --parallel} is not given: the {@code parallel} setting. */
    @Override
    public int defaultParallel() {
        return settings.parallel();
    }

    @Override
    public String inputPath(String name, Path host) {
        return PodManifest.INPUTS + name;
    }

    @Override
    public String outputPath(String name, Path host) {
        return PodManifest.OUTPUTS + "/" + name;
    }

    /** Secret files come from the Kubernetes Secrets they are mapped to, on an in-memory volume. */
    @Override
    public boolean givesSecretFiles() {
        return true;
    }

    @Override
    public RunningStep start(StepLaunch launch) throws IOException {
        if (!(launch.prepared() instanceof Prepared p)) {
            throw new IllegalArgumentException("step '" + launch.step().name() + "' was prepared by another executor"
                    + " than kubernetes: " + launch.prepared());
        }
        String step = launch.step().name();
        Optional<String> network = launch.step().container().network();
        if (network.filter(n -> n.startsWith("container:")).isPresent()) {
            throw new IOException("step '" + step + "': network '" + network.get() + "' joins another container's"
                    + " network, which a pod cannot; name no network, or any other to use the cluster's pod network");
        }
        Optional<String> refusal = storeMountRefusal(launch, p);
        if (refusal.isPresent()) {
            throw new IOException(refusal.get());
        }
        AttemptFiles.prepare(launch, settings.uid(), settings.gid());
        String podName = PodLabels.podName(launch.runId(), step, launch.attempt());
        Pod pod = PodManifest.of(podName, p, launch, settings, claim);
        SecretChecks.check(cluster, launch, PodSecrets.used(launch, settings.secrets()));
        PodLog log = new PodLog(launch.log(), launch.output(), launch.secrets().mask());
        Optional<String> policy = Optional.empty();
        String making = "network policy";
        try {
            if (network.isEmpty()) {
                NetworkPolicy made = cluster.networkPolicies().resource(EgressPolicy.of(pod)).create();
                policy = Optional.of(made.getMetadata().getName());
            }
            making = "pod";
            cluster.pods().resource(pod).create();
        } catch (RuntimeException e) {
            String what = "step '" + step + "' of run " + launch.runId() + ", attempt " + launch.attempt();
            cluster.deleteQuietly(podName, policy, Duration.ZERO, what);
            log.awaitEnd(Duration.ZERO);
            int code = ClusterErrors.code(e);
            // The API refused the pod as written (400, 422), or refused Gantry the right to make it (403).
            FailureKind kind = code == 400 || code == 422 ? FailureKind.COULD_NOT_START : FailureKind.INFRASTRUCTURE;
            throw new ExecutionException(kind, "step '" + step + "': the cluster refused its " + making + ": "
                    + ClusterErrors.message(e) + (code == 403 ? "; see engine/kubernetes/deploy for the permissions"
                    + " Gantry needs" : ""));
        }
        return new StepPod(cluster, pod, launch, settings, log, policy);
    }

    /**
     * Why a step must not mount one of its volumes: a volume on the claim that is the store, lies
     * in it or holds it, which the step's {@code unsafe:} does not allow. Validation judged the
     * paths as written; here they are judged as they resolve, against the store this run uses.
     */
    private static Optional<String> storeMountRefusal(StepLaunch launch, Prepared prepared) {
        // The step's directory is STORE/runs/RUN/STEP.
        Path store = launch.stepDir().getParent().getParent().getParent();
        List<UnsafeSettings.Use> uses = new ArrayList<>();
        List<VolumeSpec> volumes = launch.step().container().volumes();
        for (Prepared.ClaimMount m : prepared.mounts()) {
            if (m.volume().isPresent()) {
                UnsafeSettings.mount(launch.step().name(), volumes.indexOf(m.volume().get()), m.volume().get(),
                        views(m.host()), List.of(), views(store)).ifPresent(uses::add);
            }
        }
        return UnsafeSettings.refused(launch.step(), uses).stream().findFirst().map(UnsafeSettings.Use::refusal);
    }

    /** A path as written (absolute, normalized) and, where it exists, as it really is. */
    private static List<Path> views(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            Path real = absolute.toRealPath();
            return real.equals(absolute) ? List.of(absolute) : List.of(absolute, real);
        } catch (IOException missing) {
            return List.of(absolute);
        }
    }

    @Override
    public void close() {
        cluster.close();
    }
}
