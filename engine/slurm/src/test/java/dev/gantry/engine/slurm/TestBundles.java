package dev.gantry.engine.slurm;

import dev.gantry.engine.hash.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OCI bundles for tests, made without a registry: busybox's static binary and runc's own config. */
@SuppressWarnings("unchecked")
public final class TestBundles {
    private TestBundles() {}

    /**
     * Makes a busybox bundle in {@code dir}: a root with {@code /bin/busybox} and its applets,
     * and {@code marker} in {@code /gantry-marker}, so a step can tell it runs in the container,
     * which mounts each of {@code shared} at its own path, as a site's bundles mount its shared
     * filesystem.
     */
    public static Path busybox(Path dir, String marker, Path... shared) throws IOException, InterruptedException {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
        Files.createDirectories(dir.resolve("rootfs/tmp"));
        Files.writeString(dir.resolve("rootfs/gantry-marker"), marker + "\n");
        run(List.of(rootfs.resolve("busybox").toString(), "--install", "-s", rootfs.toString()), dir);
        run(List.of("runc", "spec"), dir);
        Map<String, Object> config = new LinkedHashMap<>(CanonicalJson.readObject(
                Files.readString(dir.resolve("config.json"))));
        Map<String, Object> process = new LinkedHashMap<>((Map<String, Object>) config.get("process"));
        process.put("terminal", false);
        config.put("process", process);
        List<Object> mounts = new ArrayList<>((List<Object>) config.get("mounts"));
        for (Path directory : shared) {
            String path = directory.toAbsolutePath().toString();
            mounts.add(Map.of("destination", path, "source", path, "type", "bind", "options", List.of("rbind", "rw")));
        }
        config.put("mounts", mounts);
        Files.writeString(dir.resolve("config.json"), CanonicalJson.write(config));
        return dir;
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
