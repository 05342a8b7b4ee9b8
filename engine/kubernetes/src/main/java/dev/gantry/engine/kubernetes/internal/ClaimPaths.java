package dev.gantry.engine.kubernetes.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The store's claim as the engine sees it: its root is mounted at {@code mountPath} here, so a
 * host path under it is, in a pod, the claim's volume with the path's remainder as its
 * {@code subPath}. A path elsewhere is on no volume a pod can mount.
 *
 * @param claim the PersistentVolumeClaim's name
 * @param mountPath where this engine sees its root, absolute and normalized
 */
record ClaimPaths(String claim, Path mountPath) {
    ClaimPaths {
        mountPath = mountPath.toAbsolutePath().normalize();
    }

    /**
     * The {@code subPath} of {@code host} on the claim, such as
     * {@code store/objects/sha256/ab/cdef}; a path that is the mount path itself has the empty one.
     *
     * @param what the path in a message, such as {@code step 'train': input 'table'}
     * @throws IOException when the path is not under the mount path, naming both
     */
    String subPath(Path host, String what) throws IOException {
        Path written = host.toAbsolutePath().normalize();
        // The store may be reached through a link: where it really is counts too.
        Optional<Path> relative = under(mountPath, written).or(() -> under(real(mountPath), real(written)));
        return relative.map(p -> p.toString().replace('\\', '/')).orElseThrow(() -> new IOException(what + " is at "
                + written + ", which is not under " + mountPath + ", where the claim '" + claim + "' is mounted, so"
                + " no pod can see it: keep the store (and the step's files) under " + mountPath));
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException missing) {
            return path;
        }
    }

    private static Optional<Path> under(Path root, Path path) {
        return path.startsWith(root) ? Optional.of(root.relativize(path)) : Optional.empty();
    }
}
