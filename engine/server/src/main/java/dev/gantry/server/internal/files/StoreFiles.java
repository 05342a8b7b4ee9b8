package dev.gantry.server.internal.files;

import dev.gantry.server.internal.http.ApiException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The files of the store the server may read: whatever a request or a recorded path names, it
 * is read only when it lies inside the store directory, as a regular file or directory reached
 * through no symbolic link.
 */
public final class StoreFiles {
    private final Path root;

    public StoreFiles(Path storeDir) {
        Path absolute = storeDir.toAbsolutePath().normalize();
        Path real;
        try {
            real = absolute.toRealPath();
        } catch (IOException e) {
            real = absolute;
        }
        this.root = real;
    }

    /** {@code path}, when it lies inside the store; else 404, saying nothing of what is there. */
    public Path inside(Path path, String what) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            Path real = absolute.toRealPath(LinkOption.NOFOLLOW_LINKS);
            if (real.startsWith(root) && real.equals(absolute.toRealPath()) && !Files.isSymbolicLink(real)) {
                return real;
            }
        } catch (IOException e) {
            throw ApiException.notFound(what + " is not in the store (any more)");
        }
        throw ApiException.notFound(what + " is not in the store");
    }

    /** The store directory, as its real path. */
    public Path root() {
        return root;
    }
}
