package dev.gantry.engine.docker;

import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.spec.ContainerSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.spec.UnsafeSettings;
import dev.gantry.spec.VolumeSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The second line of defence against dangerous container settings, after validation: just
 * before a container is created, each volume is judged again by where its source really is on
 * the host (symbolic links followed) against the Docker socket and the store this run really
 * uses, and the network and capabilities once more. What the step does not opt in to is refused.
 */
final class UnsafeRefusal {
    private UnsafeRefusal() {}

    /**
     * Why {@code launch} must not start, naming the first setting and the opt-in that would
     * allow it; empty when nothing it asks for is refused.
     *
     * @param baseDir the directory relative volume sources resolve against
     */
    static Optional<String> check(StepLaunch launch, Path baseDir) {
        StepSpec step = launch.step();
        ContainerSpec container = step.container();
        List<Path> sockets = views(UnsafeSettings.DOCKER_SOCKETS.stream().map(Path::of).toList());
        List<Path> stores = views(List.of(storeRoot(launch)));
        List<UnsafeSettings.Use> uses = new ArrayList<>();
        for (int i = 0; i < container.volumes().size(); i++) {
            VolumeSpec volume = container.volumes().get(i);
            List<Path> source = views(List.of(baseDir.resolve(volume.source())));
            UnsafeSettings.mount(step.name(), i, volume, source, sockets, stores).ifPresent(uses::add);
        }
        UnsafeSettings.network(step.name(), container.network()).ifPresent(uses::add);
        for (int i = 0; i < container.capabilities().size(); i++) {
            UnsafeSettings.capability(step.name(), i, container.capabilities().get(i)).ifPresent(uses::add);
        }
        List<UnsafeSettings.Use> refused = UnsafeSettings.refused(step, uses);
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        String more = refused.size() == 1 ? "" : " (and " + (refused.size() - 1) + " more unsafe settings)";
        return Optional.of(refused.get(0).refusal() + more);
    }

    /**
     * The store a launch belongs to: its step directory is {@code STORE/runs/RUN/STEP}, as
     * {@link dev.gantry.engine.internal.store.StoreLayout#stepDir} makes it.
     */
    private static Path storeRoot(StepLaunch launch) {
        return launch.stepDir().getParent().getParent().getParent();
    }

    /** Each path as written (absolute and normalized) and, where it exists, as it really is. */
    private static List<Path> views(List<Path> paths) {
        Set<Path> views = new LinkedHashSet<>();
        for (Path path : paths) {
            Path absolute = path.toAbsolutePath().normalize();
            views.add(absolute);
            try {
                views.add(absolute.toRealPath());
            } catch (IOException missing) {
                // A path that does not exist is judged as written.
            }
        }
        return List.copyOf(views);
    }
}
