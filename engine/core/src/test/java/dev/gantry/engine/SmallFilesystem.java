package dev.gantry.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a directory, to fill for real. Mounting takes root (or the
 * capability to mount); where it cannot be done the test is skipped with the reason, and with
 * {@code CI=true} it fails instead: CI runs as root and must prove the tests.
 */
final class SmallFilesystem implements AutoCloseable {
    private final Path dir;

    private SmallFilesystem(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs with {@code options} (such as {@code size=2m}) on {@code dir}, made if needed. */
    static SmallFilesystem mount(Path dir, String options) throws Exception {
        Files.createDirectories(dir);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
            String why = "cannot mount a tmpfs on " + dir + " (" + said + "); the full-disk tests need root";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true, so the full-disk tests must run, but " + why);
            }
            Skip.because(why);
        }
        return new SmallFilesystem(dir);
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws Exception {
        // Lazily, so a process that still has a file open there cannot keep it mounted.
        Process umount = new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start();
        umount.getInputStream().readAllBytes();
        umount.waitFor(30, TimeUnit.SECONDS);
    }
}
