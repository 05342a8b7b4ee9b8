package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.spi.PreparedStep;
import dev.gantry.spec.VolumeSpec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the executor worked out about a step when it computed the step's cache key, and then
 * runs: the image by the digest its key holds (so a tag moved in between cannot change what
 * runs), where its pod goes, and its files on the claim.
 *
 * @param image the image as the pod names it: pinned by digest ({@code registry/repo@sha256:...})
 *     wherever the digest is known
 * @param pipeline the pipeline's name, for the pod's labels
 * @param options where and as whom the pod runs
 * @param mounts the step's code files and volumes, as paths on the claim
 * @param identity what the step's cache key holds of it
 */
record Prepared(String image, String pipeline, PodOptions options, List<ClaimMount> mounts,
        Map<String, Object> identity) implements PreparedStep {
    /**
     * The key of {@link #identity} that says the step must not be cached, with the reason: its
     * image could not be pinned to a digest, so its key cannot say what ran.
     */
    static final String UNCACHED = "uncached";

    Prepared {
        mounts = List.copyOf(mounts);
        identity = Collections.unmodifiableMap(new TreeMap<>(identity));
    }

    @Override
    public Optional<String> uncachedBecause() {
        return Optional.ofNullable(identity.get(UNCACHED)).map(Object::toString);
    }

    /**
     * A path on the claim mounted into the step's container.
     *
     * @param host where the engine sees it
     * @param volume the step's volume it is, for a volume rather than a code file
     */
    record ClaimMount(Path host, String subPath, String target, boolean readOnly, Optional<VolumeSpec> volume) {}
}
