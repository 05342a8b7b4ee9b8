package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.kubernetes.internal.registry.ImageReference;
import dev.gantry.engine.kubernetes.internal.registry.RegistryDigests;
import dev.gantry.engine.spi.ExecutionException;
import dev.gantry.engine.spi.RunScope;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The images of one run's steps, each pinned to the digest its tag points at when the run asks
 * first, so that every step of the run that names it runs the same image, and its cache key says
 * which. An image whose registry cannot say runs by its tag, uncached, with a notice why.
 */
final class Images {
    private final RegistryDigests registry;
    private final Consumer<String> notices;

    Images(RegistryDigests registry, Consumer<String> notices) {
        this.registry = registry;
        this.notices = notices;
    }

    /**
     * An image as the pod names it, with its digest when known.
     *
     * @param podImage the image for the pod: pinned by digest where known, else as written
     * @param digest {@code sha256:...}, for the cache key
     * @param uncached why the step must not be cached, when the digest is not known
     */
    record Resolution(String podImage, Optional<String> digest, Optional<String> uncached) {}

    /**
     * {@code name} resolved, asking its registry once per run: the next run asks again, and sees a
     * tag that moved.
     *
     * @throws ExecutionException when the name is not a valid image name or its registry says it does not exist
     */
    Resolution resolve(String name, String step, RunScope run) {
        return run.memo(OfRun.class, r -> new OfRun()).resolved.computeIfAbsent(name, n -> lookUp(n, step));
    }

    /** The images one run has resolved. */
    static final class OfRun {
        private final Map<String, Resolution> resolved = new ConcurrentHashMap<>();
    }

    private Resolution lookUp(String name, String step) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(name);
        } catch (IllegalArgumentException e) {
            throw new ExecutionException("step '" + step + "': image '" + name + "' is not a valid image name: "
                    + e.getMessage());
        }
        if (ref.digest().isPresent()) {
            return new Resolution(name, ref.digest(), Optional.empty());
        }
        try {
            String digest = registry.digestOf(ref);
            return new Resolution(ref.pinnedTo(digest), Optional.of(digest), Optional.empty());
        } catch (RegistryDigests.NoSuchImageException e) {
            throw new ExecutionException("step '" + step + "': image '" + name + "' does not exist: " + e.getMessage());
        } catch (IOException e) {
            String why = "image '" + name + "' could not be pinned to a digest (" + e.getMessage() + ")";
            notices.accept("steps with " + why + " run uncached; name it as " + ref.registry() + "/"
                    + ref.repository() + "@sha256:... to cache them");
            return new Resolution(name, Optional.empty(), Optional.of("its " + why));
        }
    }
}
