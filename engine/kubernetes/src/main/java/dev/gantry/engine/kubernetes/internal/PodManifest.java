package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.spi.ContainerPaths;
import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.spec.ContainerSpec;
import dev.gantry.spec.Resources;
import dev.gantry.spec.StepSpec;
import dev.gantry.spec.TmpfsSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod of one attempt, as the cluster is asked to create it: one container running the
 * step's command in its image, the step contract's paths as mounts of the store's claim
 * ({@code /gantry/inputs/NAME} read-only, the attempt's scratch directory at
 * {@code /gantry/outputs}), the step's resources as requests and limits, and secure defaults:
 * a user that is not root, no privilege escalation, no capabilities but those the step lists,
 * the runtime's default seccomp profile, and no service account token unless asked for.
 */
final class PodManifest {
    /** Where a step sees input {@code x}: {@code /gantry/inputs/x}. */
    static final String INPUTS = "/gantry/inputs/";
    /** Where a step writes output {@code y}: {@code /gantry/outputs/y}. */
    static final String OUTPUTS = ContainerPaths.OUTPUTS;
    /** Where a step's {@code code:} files are, at their paths relative to the pipeline. */
    static final String PIPELINE = ContainerPaths.PIPELINE;
    /** The step's one container. */
    static final String CONTAINER = "step";
    /** The volume of the store's claim. */
    static final String STORE_VOLUME = "gantry-store";
    static final String GPU = "nvidia.com/gpu";

    private PodManifest() {}

    /**
     * The pod of {@code launch}.
     *
     * @throws IOException when an input, output or the checkpoints directory is not on the claim,
     *     or a secret has no Kubernetes Secret to come from
     */
    static Pod of(String name, Prepared prepared, StepLaunch launch, KubernetesSettings settings, ClaimPaths claim)
            throws IOException {
        StepSpec step = launch.step();
        ContainerSpec container = step.container();
        String what = "step '" + step.name() + "'";
        List<VolumeMount> mounts = new ArrayList<>();
        for (Map.Entry<String, Path> input : new java.util.TreeMap<>(launch.inputs()).entrySet()) {
            mounts.add(claimMount(INPUTS + input.getKey(),
                    claim.subPath(input.getValue(), what + ": input '" + input.getKey() + "'"), true));
        }
        Optional<Path> attemptDir = ContainerPaths.outputsDir(launch);
        if (attemptDir.isPresent()) {
            mounts.add(claimMount(OUTPUTS, claim.subPath(attemptDir.get(), what + ": its outputs"), false));
        }
        for (Prepared.ClaimMount m : prepared.mounts()) {
            mounts.add(claimMount(m.target(), m.subPath(), m.readOnly()));
        }
        if (container.checkpoints().isPresent()) {
            mounts.add(claimMount(container.checkpoints().get(),
                    claim.subPath(AttemptFiles.checkpointsDir(launch), what + ": its checkpoints"), false));
        }
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(STORE_VOLUME).withNewPersistentVolumeClaim()
                .withClaimName(claim.claim()).endPersistentVolumeClaim().build());
        memoryVolumes(container, launch.resources(), volumes, mounts);
        PodSecrets secrets = PodSecrets.of(launch, settings.secrets());
        secrets.volume().ifPresent(v -> {
            volumes.add(v);
            mounts.add(new VolumeMountBuilder().withName(v.getName()).withMountPath(PodSecrets.DIR).withReadOnly(true)
                    .build());
        });
        ContainerBuilder main = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(prepared.image())
                .withCommand(launch.command())
                .withEnv(environment(launch, prepared, secrets))
                .withVolumeMounts(mounts)
                .withSecurityContext(new SecurityContextBuilder()
                        .withAllowPrivilegeEscalation(false)
                        .withPrivileged(false)
                        .withRunAsNonRoot(true)
                        .withNewCapabilities().withDrop("ALL")
                        .withAdd(container.capabilities().stream().map(ContainerSpec::capabilityName).toList())
                        .endCapabilities()
                        .build());
        resources(main, launch.resources());
        ContainerPaths.workdir(step, prepared.mounts().stream().anyMatch(m -> m.volume().isEmpty()))
                .ifPresent(main::withWorkingDir);
        Container built = main.build();
        PodOptions options = prepared.options();
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(PodLabels.labels(launch, prepared.pipeline(), name))
                .withAnnotations(PodLabels.annotations(launch, prepared.pipeline()))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withContainers(built)
                .withVolumes(volumes)
                .withEnableServiceLinks(false)
                .withAutomountServiceAccountToken(options.automountServiceAccountToken())
                .withServiceAccountName(options.serviceAccount().orElse(null))
                .withNodeSelector(options.nodeSelector().isEmpty() ? null : options.nodeSelector())
                .withTolerations(options.tolerations().stream().map(PodManifest::toleration).toList())
                .withImagePullSecrets(options.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
                .withPriorityClassName(options.priorityClass().orElse(null))
                .withTerminationGracePeriodSeconds(settings.stopGrace().toSeconds())
                .withHostNetwork(container.network().filter("host"::equals).isPresent() ? true : null)
                .withSecurityContext(new PodSecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(settings.uid())
                        .withRunAsGroup(settings.gid())
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                        .build())
                .endSpec();
        // The step's timeout, kept by the cluster too: a pod whose engine died still ends.
        step.timeout().ifPresent(t -> pod.editSpec()
                .withActiveDeadlineSeconds(Math.max(1, (t.toMillis() + 999) / 1000)).endSpec());
        return pod.build();
    }

    private static VolumeMount claimMount(String target, String subPath, boolean readOnly) {
        return new VolumeMountBuilder().withName(STORE_VOLUME).withMountPath(target)
                .withSubPath(subPath.isEmpty() ? null : subPath).withReadOnly(readOnly).build();
    }

    /** The step's in-memory mounts ({@code tmpfs:}) and its {@code /dev/shm} of the size it asks for. */
    private static void memoryVolumes(ContainerSpec container, Resources resources, List<Volume> volumes,
            List<VolumeMount> mounts) {
        List<TmpfsSpec> tmpfs = new ArrayList<>(container.tmpfs());
        resources.shm().ifPresent(size -> tmpfs.add(new TmpfsSpec("/dev/shm", Optional.of(size))));
        for (int i = 0; i < tmpfs.size(); i++) {
            TmpfsSpec t = tmpfs.get(i);
            String name = "memory-" + i;
            volumes.add(new VolumeBuilder().withName(name).withNewEmptyDir().withMedium("Memory")
                    .withSizeLimit(t.size().map(s -> new Quantity(Long.toString(s.bytes()))).orElse(null))
                    .endEmptyDir().build());
            mounts.add(new VolumeMountBuilder().withName(name).withMountPath(t.path()).build());
        }
    }

    private static List<EnvVar> environment(StepLaunch launch, Prepared prepared, PodSecrets secrets) {
        Map<String, String> env = new LinkedHashMap<>(launch.environment());
        env.put("GANTRY_EXECUTOR", "kubernetes");
        // The image as the pod runs it, pinned by the digest its cache key holds.
        env.put("GANTRY_IMAGE", prepared.image());
        if (launch.resources().gpus().orElse(0) == 0) {
            // A CPU step sees no GPU, even on a GPU node whose runtime would show it every one.
            env.put("NVIDIA_VISIBLE_DEVICES", "void");
            env.put("CUDA_VISIBLE_DEVICES", "");
        }
        launch.step().container().checkpoints().ifPresent(path -> env.put("GANTRY_CHECKPOINTS", path));
        env.putAll(secrets.plainVariables());
        List<EnvVar> vars = new ArrayList<>();
        env.forEach((k, v) -> vars.add(new EnvVarBuilder().withName(k).withValue(v).build()));
        vars.addAll(secrets.variables());
        return vars;
    }

    /** {@code cpus} and {@code memory} as requests and equal limits; {@code gpus} as {@code nvidia.com/gpu}. */
    private static void resources(ContainerBuilder container, Resources r) {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        r.cpus().ifPresent(c -> amounts.put("cpu", new Quantity(Math.max(1, Math.round(c * 1000)) + "m")));
        r.memory().ifPresent(m -> amounts.put("memory", new Quantity(Long.toString(m.bytes()))));
        Map<String, Quantity> limits = new LinkedHashMap<>(amounts);
        r.gpus().filter(g -> g > 0).ifPresent(g -> limits.put(GPU, new Quantity(Integer.toString(g))));
        if (!limits.isEmpty()) {
            container.withNewResources().withRequests(amounts.isEmpty() ? null : amounts).withLimits(limits)
                    .endResources();
        }
    }

    private static io.fabric8.kubernetes.api.model.Toleration toleration(PodOptions.Toleration t) {
        return new TolerationBuilder().withKey(t.key().orElse(null)).withOperator(t.operator())
                .withValue(t.value().orElse(null)).withEffect(t.effect().orElse(null)).build();
    }
}
