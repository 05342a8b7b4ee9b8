package dev.gantry.engine.slurm;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The OCI bundles a run's steps use, each read once per run however many steps run in it. */
final class BundlesRead {
    private final Map<Path, OciBundle> bundles = new ConcurrentHashMap<>();

    OciBundle of(Path dir) {
        return bundles.computeIfAbsent(dir, OciBundles::read);
    }
}
