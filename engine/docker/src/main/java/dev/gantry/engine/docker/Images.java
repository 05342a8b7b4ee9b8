package dev.gantry.engine.docker;

import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.gantry.engine.hash.CanonicalJson;
import dev.gantry.engine.hash.ContentDigest;
import dev.gantry.engine.hash.Sha256;
import dev.gantry.engine.spi.ExecutionException;
import dev.gantry.spec.BuildSpec;
import dev.gantry.spec.FailureKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns what a step names into an image ID: an image name, pulled when the daemon does not
 * have it, or a build, made once per content of its context and tagged
 * {@code gantry-build/<content hash>} so the next run finds it.
 */
final class Images {
    /** The repository built images are tagged in. */
    static final String BUILD_REPOSITORY = "gantry-build/";

    private final DockerDaemon daemon;
    private final DockerSettings settings;

    Images(DockerDaemon daemon, DockerSettings settings) {
        this.daemon = daemon;
        this.settings = settings;
    }

    /**
     * The ID ({@code sha256:...}) of image {@code name}, pulling it first if the daemon lacks it;
     * an image that Gantry's own repository builds is never pulled.
     */
    String resolve(String name, String step) {
        Optional<String> id = inspect(name, step);
        if (id.isPresent()) {
            return id.get();
        }
        Optional<String> notBuilt = RepositoryImages.notBuilt(name);
        if (notBuilt.isPresent()) {
            throw new ExecutionException(FailureKind.COULD_NOT_START, "step '" + step + "': " + notBuilt.get()
                    + "; or run the steps as local processes with --executor local");
        }
        pull(name, step);
        return inspect(name, step).orElseThrow(() -> new ExecutionException("step '" + step + "': image '" + name
                + "' was pulled but the daemon does not list it"));
    }

    /**
     * Why image {@code name} cannot be had: not on the Docker host, and either built by Gantry's
     * repository (with the command that builds it) or unknown to its registry; empty when it can.
     */
    Optional<String> unavailable(String name, String step) {
        if (inspect(name, step).isPresent()) {
            return Optional.empty();
        }
        Optional<String> notBuilt = RepositoryImages.notBuilt(name);
        if (notBuilt.isPresent()) {
            return notBuilt;
        }
        return daemon.registryHas(name) ? Optional.empty()
                : Optional.of("image '" + name + "' is not on the Docker host, and no registry it can reach has it");
    }

    /** The ID of the image {@code build} makes, building it unless an image of the same context exists. */
    String build(BuildSpec build, Path baseDir, String step) {
        Path context = baseDir.resolve(build.context()).normalize();
        if (!Files.isDirectory(context)) {
            throw new ExecutionException("step '" + step + "': build context " + build.context()
                    + " is not a directory (looked for " + context + ")");
        }
        Path dockerfile = context.resolve(build.effectiveDockerfile()).normalize();
        if (!dockerfile.startsWith(context) || !Files.isRegularFile(dockerfile)) {
            throw new ExecutionException("step '" + step + "': build context " + build.context() + " has no "
                    + build.effectiveDockerfile() + " (looked for " + dockerfile + ")");
        }
        String tag = BUILD_REPOSITORY + contentHash(context, build);
        Optional<String> existing = inspect(tag, step);
        if (existing.isPresent()) {
            return existing.get();
        }
        settings.progress().println("building the image of step '" + step + "' from " + build.context());
        BuildImageCmd cmd = daemon.client.buildImageCmd()
                .withBaseDirectory(context.toFile())
                .withDockerfile(dockerfile.toFile())
                .withTags(Set.of(tag))
                .withLabels(Map.of("gantry.build", build.context()))
                .withPull(false)
                .withRemove(true);
        build.args().forEach(cmd::withBuildArg);
        try {
            cmd.exec(new BuildImageResultCallback() {
                @Override
                public void onNext(BuildResponseItem item) {
                    super.onNext(item);
                    if (settings.terminal() && item.getStream() != null && !item.getStream().isBlank()) {
                        settings.progress().println("[build " + step + "] " + item.getStream().stripTrailing());
                    }
                }
            }).awaitImageId();
        } catch (RuntimeException e) {
            throw new ExecutionException("step '" + step + "': building its image from " + build.context()
                    + " failed: " + DockerErrors.message(e));
        }
        return inspect(tag, step).orElseThrow(() -> new ExecutionException("step '" + step + "': the image built from "
                + build.context() + " is missing"));
    }

    /**
     * What names the build: the content of every file in the context (the Dockerfile among
     * them, or named by its path), and the build arguments.
     */
    static String contentHash(Path context, BuildSpec build) {
        Map<String, Object> parts = new TreeMap<>();
        parts.put("context", ContentDigest.ofPath(context));
        parts.put("dockerfile", build.effectiveDockerfile());
        parts.put("args", new TreeMap<>(build.args()));
        return Sha256.ofText(CanonicalJson.write(parts));
    }

    private Optional<String> inspect(String name, String step) {
        try {
            return Optional.of(daemon.client.inspectImageCmd(name).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new ExecutionException(FailureKind.INFRASTRUCTURE, "step '" + step + "': cannot look up image '"
                    + name + "': " + DockerErrors.message(e));
        }
    }

    private void pull(String name, String step) {
        String[] repoAndTag = repositoryAndTag(name);
        PullProgress progress = new PullProgress(name);
        try {
            daemon.client.pullImageCmd(repoAndTag[0]).withTag(repoAndTag[1])
                    .exec(new PullImageResultCallback() {
                        @Override
                        public void onNext(PullResponseItem item) {
                            super.onNext(item);
                            progress.update(item);
                        }
                    }).awaitCompletion();
            progress.done();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(FailureKind.CANCELLED,
                    "step '" + step + "': pulling image '" + name + "' was interrupted");
        } catch (RuntimeException e) {
            progress.done();
            throw new ExecutionException(FailureKind.INFRASTRUCTURE, "step '" + step + "': image '" + name
                    + "' is not on the Docker host and pulling it failed: " + DockerErrors.message(e));
        }
    }

    /** {@code [busybox, 1.36]} from {@code busybox:1.36}; a name without a tag means {@code latest}. */
    static String[] repositoryAndTag(String name) {
        int at = name.indexOf('@');
        if (at >= 0) {
            return new String[] {name.substring(0, at), name.substring(at + 1)};
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            return new String[] {name.substring(0, colon), name.substring(colon + 1)};
        }
        return new String[] {name, "latest"};
    }

    /** Shows a pull: one updating line on a terminal, else a line when it starts and one when it ends. */
    private final class PullProgress {
        private final String name;
        private final Map<String, long[]> layers = new LinkedHashMap<>();
        private long lastDraw;

        PullProgress(String name) {
            this.name = name;
            settings.progress().println("pulling image " + name);
        }

        synchronized void update(PullResponseItem item) {
            if (!settings.terminal() || item.getId() == null) {
                return;
            }
            long[] layer = layers.computeIfAbsent(item.getId(), id -> new long[2]);
            if (item.getProgressDetail() != null && item.getProgressDetail().getTotal() != null) {
                layer[0] = item.getProgressDetail().getCurrent() == null ? 0 : item.getProgressDetail().getCurrent();
                layer[1] = item.getProgressDetail().getTotal();
            }
            long now = System.nanoTime();
            if (now - lastDraw > 200_000_000L) {
                lastDraw = now;
                long current = layers.values().stream().mapToLong(l -> l[0]).sum();
                long total = layers.values().stream().mapToLong(l -> l[1]).sum();
                settings.progress().print(String.format("\r\033[K  %s: %d layers, %.1f of %.1f MB", name,
                        layers.size(), current / 1e6, total / 1e6));
                settings.progress().flush();
            }
        }

        synchronized void done() {
            if (settings.terminal() && lastDraw != 0) {
                settings.progress().print("\r\033[K");
            }
            settings.progress().flush();
        }
    }
}
