package dev.gantry.engine.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.TmpfsOptions;
import dev.gantry.engine.spi.ContainerPaths;
import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.spec.ContainerSpec;
import dev.gantry.spec.Resources;
import dev.gantry.spec.StepSpec;
import dev.gantry.spec.TmpfsSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container of one attempt, as the daemon is asked to create it: the step contract's
 * mounts at {@code /gantry/...}, the step's own mounts, its limits and its isolation. By
 * default a container has no network, no capabilities, no way to gain privileges, and runs
 * as the invoking user.
 */
final class ContainerRequest {
    /** Where a step sees input {@code x}: {@code /gantry/inputs/x}, a read-only bind mount of the store object. */
    static final String INPUTS = "/gantry/inputs/";
    /** Where a step writes output {@code y}: {@code /gantry/outputs/y}, in the attempt's bind-mounted scratch directory. */
    static final String OUTPUTS = ContainerPaths.OUTPUTS;
    /** Where a step's {@code code:} files are mounted, read-only, at their paths relative to the pipeline. */
    static final String PIPELINE = ContainerPaths.PIPELINE;

    private ContainerRequest() {}

    static CreateContainerCmd create(DockerDaemon daemon, Prepared prepared, StepLaunch launch,
            DockerSettings settings, Path checkpoints) throws IOException {
        StepSpec step = launch.step();
        ContainerSpec container = step.container();
        List<Mount> mounts = new ArrayList<>();
        launch.inputs().forEach((name, host) -> mounts.add(bind(host, INPUTS + name, true)));
        ContainerPaths.outputsDir(launch).ifPresent(dir -> mounts.add(bind(dir, OUTPUTS, false)));
        prepared.mounts().forEach(m -> mounts.add(bind(m.source(), m.target(), m.readOnly())));
        container.checkpoints().ifPresent(path -> mounts.add(bind(checkpoints, path, false)));
        for (TmpfsSpec t : container.tmpfs()) {
            TmpfsOptions options = new TmpfsOptions();
            t.size().ifPresent(size -> options.withSizeBytes(size.bytes()));
            mounts.add(new Mount().withType(MountType.TMPFS).withTarget(t.path()).withTmpfsOptions(options));
        }
        HostConfig host = HostConfig.newHostConfig()
                .withMounts(mounts)
                .withNetworkMode(container.network().orElse("none"))
                .withPrivileged(false)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withCapDrop(Capability.ALL)
                .withCapAdd(capabilities(container))
                // An init process forwards signals and reaps zombies, so stopping a step is quick and clean.
                .withInit(true);
        SecretFiles.mount(launch.secrets(), settings.user()).ifPresent(host::withTmpFs);
        limit(host, launch.resources());
        if (!launch.gpuDevices().isEmpty()) {
            host.withDeviceRequests(List.of(new DeviceRequest()
                    .withCapabilities(List.of(List.of("gpu")))
                    .withDeviceIds(launch.gpuDevices())));
        }
        CreateContainerCmd cmd = daemon.client.createContainerCmd(prepared.imageId())
                .withName(name(launch))
                .withLabels(Labels.of(launch))
                .withEntrypoint(SecretFiles.entrypoint(launch.secrets(), launch.command()))
                .withCmd(List.of())
                .withEnv(environment(launch, container, prepared.imageId()))
                .withHostConfig(host);
        ContainerPaths.workdir(step, !step.code().isEmpty()).ifPresent(cmd::withWorkingDir);
        settings.user().ifPresent(cmd::withUser);
        return cmd;
    }

    private static List<String> environment(StepLaunch launch, ContainerSpec container, String imageId) {
        Map<String, String> env = new LinkedHashMap<>(launch.environment());
        // A step may need to know that it runs in a container that ends with it: a process it
        // starts to outlive it (a model server) stops with the container.
        env.put("GANTRY_EXECUTOR", "docker");
        // The image it runs in, by the ID its cache key holds, for the step to record (a model card).
        env.put("GANTRY_IMAGE", imageId);
        if (launch.gpuDevices().isEmpty()) {
            // A CPU step sees no GPU, even where NVIDIA's runtime is the daemon's default.
            env.put("NVIDIA_VISIBLE_DEVICES", "void");
            env.put("CUDA_VISIBLE_DEVICES", "");
        }
        container.checkpoints().ifPresent(path -> env.put("GANTRY_CHECKPOINTS", path));
        // Secrets: as variables, or as the paths of their files on the in-memory mount.
        env.putAll(launch.secrets().variables());
        SecretFiles.addVariables(launch.secrets(), env);
        List<String> list = new ArrayList<>();
        env.forEach((k, v) -> list.add(k + "=" + v));
        return list;
    }

    private static Capability[] capabilities(ContainerSpec container) {
        return container.capabilities().stream()
                .map(ContainerSpec::capabilityName)
                .map(Capability::valueOf)
                .toArray(Capability[]::new);
    }

    private static void limit(HostConfig host, Resources r) {
        r.memory().ifPresent(m -> host.withMemory(m.bytes()).withMemorySwap(m.bytes()));
        r.cpus().ifPresent(c -> host.withNanoCPUs(Math.round(c * 1e9)));
        r.shm().ifPresent(s -> host.withShmSize(s.bytes()));
    }

    private static Mount bind(Path source, String target, boolean readOnly) {
        return new Mount().withType(MountType.BIND).withSource(source.toAbsolutePath().toString())
                .withTarget(target).withReadOnly(readOnly);
    }

    /** {@code gantry-RUN-STEP-ATTEMPT}: unique, and readable in {@code docker ps}. */
    static String name(StepLaunch launch) {
        return "gantry-" + launch.runId() + "-" + launch.step().name() + "-" + launch.attempt();
    }

    /** Makes the checkpoints directory of the step when it has one. */
    static Path checkpointsDir(StepLaunch launch) throws IOException {
        Path dir = launch.stepDir().resolve("checkpoints");
        if (launch.step().container().checkpoints().isPresent()) {
            Files.createDirectories(dir);
        }
        return dir;
    }
}
