package dev.gantry.engine.slurm;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Each OCI bundle's fingerprint, worked out once per run however many steps run in it. */
final class BundleDigests {
    private final Map<Path, String> digests = new ConcurrentHashMap<>();

    String of(Path bundle) {
        return digests.computeIfAbsent(bundle, OciBundles::fingerprint);
    }
}
