package dev.gantry.spec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a step's container is made and fenced in. Executors that run no containers ignore it,
 * except for {@code checkpoints}, which the local executor gives as a host directory.
 *
 * @param build the image to build, instead of naming one with {@code image}
 * @param volumes host paths mounted into the container
 * @param tmpfs in-memory scratch mounts
 * @param checkpoints where the container sees a directory of its own that survives failed
 *     attempts of the step in one run, so a retried attempt can resume; absent means none
 * @param network the Docker network the step joins; absent means none: no network at all
 * @param capabilities the Linux capabilities the step keeps; every other one is dropped
 * @param unsafe the dangerous settings among these that the pipeline allows on purpose, in the
 *     words of {@link UnsafeSettings} ({@code host-network}, {@code mount:/etc}, {@code cap:SYS_ADMIN},
 *     ...); without its word, such a setting is refused
 */
public record ContainerSpec(
        Optional<BuildSpec> build,
        List<VolumeSpec> volumes,
        List<TmpfsSpec> tmpfs,
        Optional<String> checkpoints,
        Optional<String> network,
        List<String> capabilities,
        List<String> unsafe) {
    /** No build, no mounts, no network, no capabilities. The default. */
    public static final ContainerSpec NONE = new ContainerSpec(
            Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty(), List.of(), List.of());

    public ContainerSpec {
        volumes = List.copyOf(volumes);
        tmpfs = List.copyOf(tmpfs);
        capabilities = List.copyOf(capabilities);
        unsafe = List.copyOf(unsafe);
    }

    /** Settings that allow nothing unsafe. */
    public ContainerSpec(Optional<BuildSpec> build, List<VolumeSpec> volumes, List<TmpfsSpec> tmpfs,
            Optional<String> checkpoints, Optional<String> network, List<String> capabilities) {
        this(build, volumes, tmpfs, checkpoints, network, capabilities, List.of());
    }

    /**
     * A capability as {@code capabilities:} may write it ({@code net_admin}, {@code CAP_NET_ADMIN}),
     * as Docker names it: {@code NET_ADMIN}.
     */
    public static String capabilityName(String written) {
        String upper = written.toUpperCase(Locale.ROOT);
        return upper.startsWith("CAP_") ? upper.substring(4) : upper;
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
