package dev.gantry.engine.slurm;

import dev.gantry.engine.hash.CanonicalJson;
import dev.gantry.engine.spi.ExecutionException;
import dev.gantry.engine.spi.StepLaunch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Steps in containers through Slurm's OCI support ({@code sbatch --container}): an image is an
 * OCI bundle on the shared filesystem, a directory holding {@code config.json} and its root
 * filesystem {@code rootfs}. Slurm runs the job in the bundle as it is, so the bundle must mount
 * the shared filesystem at its own path: the step contract's paths then hold inside the
 * container too ({@link #requireMounted}).
 */
final class OciBundles {
    private OciBundles() {}

    /**
     * The bundle of {@code image}: the directory itself when the image is written as an absolute
     * path, else the directory of that name under {@code bundles} ({@code /} and {@code :}
     * written as {@code _}: {@code pytorch:2.3} is {@code pytorch_2.3}).
     *
     * @throws ExecutionException when there is no bundle there
     */
    static Path locate(String image, Optional<Path> bundles, String step) {
        Path bundle;
        if (image.startsWith("/")) {
            bundle = Path.of(image);
        } else if (bundles.isPresent()) {
            bundle = bundles.get().resolve(image.replace('/', '_').replace(':', '_'));
        } else {
            throw new ExecutionException("step '" + step + "' names image '" + image + "', which the slurm executor"
                    + " runs from an OCI bundle: set 'bundles' in executors.slurm to the directory of bundles, or name"
                    + " the bundle's directory as the image");
        }
        if (!Files.isRegularFile(bundle.resolve("config.json"))) {
            throw new ExecutionException("step '" + step + "': image '" + image + "' has no OCI bundle at " + bundle
                    + " (a directory with config.json and its root filesystem)");
        }
        return bundle;
    }

    /**
     * What the bundle holds, for the step's cache key: its config and every file of its root by
     * name, size and time, and every link by its target, as make judges files; a changed file is
     * a miss. Directories and empty files are left out: they are what the container runtime makes
     * in the root as the points its mounts go to, which must not make the next run a miss.
     */
    private static String fingerprint(Path bundle, String configText, Map<String, Object> config) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(configText.getBytes(StandardCharsets.UTF_8));
            Path root = root(bundle, config);
            List<String> entries = new ArrayList<>();
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = root.relativize(file).toString();
                    if (attrs.isSymbolicLink()) {
                        entries.add("l " + name + " " + Files.readSymbolicLink(file));
                    } else if (attrs.size() > 0) {
                        entries.add("f " + name + " " + attrs.size() + " " + attrs.lastModifiedTime().toMillis());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            entries.sort(null);
            for (String entry : entries) {
                sha.update(entry.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new ExecutionException("cannot read the OCI bundle " + bundle + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * Checks that the bundle's own mounts show the container every path the attempt uses (its
     * inputs, outputs, step directory and working directory) at the path it has on the host: a
     * bind mount whose source and destination are the same directory, such as the shared
     * filesystem's root. Slurm runs a job in the bundle as it is, with the mounts it declares.
     *
     * @throws ExecutionException naming the first path no such mount holds
     */
    static void requireMounted(OciBundle bundle, StepLaunch launch) {
        List<Path> needed = new ArrayList<>();
        launch.inputs().values().forEach(needed::add);
        launch.outputs().values().forEach(needed::add);
        needed.add(launch.stepDir());
        needed.add(launch.workdir());
        for (Path path : needed) {
            Path absolute = path.toAbsolutePath().normalize();
            if (bundle.mounted().stream().noneMatch(absolute::startsWith)) {
                throw new ExecutionException("step '" + launch.step().name() + "': the OCI bundle " + bundle.dir()
                        + " mounts no directory that holds " + absolute + "; give its config.json a bind mount of the"
                        + " shared filesystem (or the store's and the pipeline's directories) at the same path, such as"
                        + " {\"destination\": \"/shared\", \"source\": \"/shared\", \"type\": \"bind\", \"options\": [\"rbind\"]}");
            }
        }
    }

    /**
     * Reads the bundle in {@code dir}: its config, once, for its fingerprint and the directories
     * its bind mounts show at their own paths.
     *
     * @throws ExecutionException when it cannot be read
     */
    static OciBundle read(Path dir) {
        String text;
        Map<String, Object> config;
        try {
            text = Files.readString(dir.resolve("config.json"));
            config = CanonicalJson.readObject(text);
        } catch (IOException e) {
            throw new ExecutionException("cannot read the OCI bundle " + dir + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ExecutionException("the OCI bundle " + dir + " has a config.json that is not JSON: "
                    + e.getMessage());
        }
        List<Path> mounted = new ArrayList<>();
        for (Object m : list(config.get("mounts"))) {
            Map<String, Object> mount = map(m);
            Object source = mount.get("source");
            List<?> options = list(mount.get("options"));
            boolean bind = "bind".equals(mount.get("type")) || options.contains("bind") || options.contains("rbind");
            if (bind && source != null && source.equals(mount.get("destination"))) {
                mounted.add(Path.of(source.toString()));
            }
        }
        return new OciBundle(dir, fingerprint(dir, text, config), mounted);
    }

    /** The bundle's root filesystem: its config's {@code root.path}, relative to the bundle. */
    private static Path root(Path bundle, Map<String, Object> config) {
        Object path = map(config.get("root")).get("path");
        Path root = bundle.resolve(path == null ? "rootfs" : path.toString()).toAbsolutePath().normalize();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new ExecutionException("the OCI bundle " + bundle + " has no root filesystem at " + root);
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
