package dev.gantry.engine.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The invoking user's ids, and handing a directory to the user a container runs as. */
final class Users {
    private Users() {}

    /** {@code uid:gid} of this process, or empty where the platform has no such ids. */
    static Optional<String> invoking() {
        try {
            com.sun.security.auth.module.UnixSystem unix = new com.sun.security.auth.module.UnixSystem();
            return Optional.of(unix.getUid() + ":" + unix.getGid());
        } catch (LinkageError | RuntimeException notUnix) {
            return Optional.empty();
        }
    }

    /**
     * Makes {@code dir} belong to {@code uidGid} when that is not this process's user, so a
     * container running as it can write there. Only root may give files away; anyone else gets
     * a message saying so.
     */
    static void handOver(Path dir, Optional<String> uidGid) throws IOException {
        if (uidGid.isEmpty() || uidGid.equals(invoking())) {
            return;
        }
        String[] ids = uidGid.get().split(":");
        try {
            Files.setAttribute(dir, "unix:uid", Integer.parseInt(ids[0]));
            if (ids.length > 1) {
                Files.setAttribute(dir, "unix:gid", Integer.parseInt(ids[1]));
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new IOException("cannot give " + dir + " to user " + uidGid.get()
                    + ", whom the container runs as (only root may): " + e.getMessage(), e);
        }
    }
}
