package dev.gantry.engine.docker;

import dev.gantry.engine.spi.ContainerPaths;
import dev.gantry.engine.spi.ExecutionException;
import dev.gantry.engine.spi.PreparedStep;
import dev.gantry.engine.spi.RunScope;
import dev.gantry.engine.spi.RunningStep;
import dev.gantry.engine.spi.StepExecutor;
import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.engine.spi.Unsuited;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.spec.VolumeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs each attempt in its own Docker container, through the daemon {@code DOCKER_HOST} names
 * (else the default socket). The daemon must see the host's files: inputs are read-only bind
 * mounts of the store's objects at {@code /gantry/inputs/NAME}, and outputs are written into a
 * bind-mounted scratch directory at {@code /gantry/outputs/NAME}, so nothing is copied.
 *
 * <p>A step's cache key holds its image's ID, never a tag, so re-pointing a tag is a miss.
 * Containers run as the invoking user, with no network unless the step names one, no
 * capabilities unless it lists some, no way to gain privileges, and the step's memory, CPU
 * and shared-memory limits. Each is labelled with its run, step and attempt, and removed when
 * the attempt ends; containers of an engine that died are removed when the next one connects.
 */
public final class DockerExecutor implements StepExecutor, AutoCloseable {
    private final DockerDaemon daemon;
    private final DockerSettings settings;
    private final Images images;
    private final List<String> leftoversRemoved;

    private DockerExecutor(DockerDaemon daemon, DockerSettings settings) {
        this.daemon = daemon;
        this.settings = settings;
        this.images = new Images(daemon, settings);
        this.leftoversRemoved = Leftovers.remove(daemon);
    }

    /**
     * Connects to the daemon and removes the containers that engines which died left behind.
     *
     * @throws dev.gantry.engine.spi.ExecutorUnavailableException saying what to check when the
     *     daemon does not answer
     */
    public static DockerExecutor connect(DockerSettings settings) {
        DockerDaemon daemon = DockerDaemon.connect();
        try {
            return new DockerExecutor(daemon, settings);
        } catch (RuntimeException e) {
            daemon.close();
            throw DockerDaemon.unreachable(daemon.host, DockerErrors.message(e), e);
        }
    }

    /** The daemon's address, such as {@code unix:///var/run/docker.sock}. */
    public String daemonAddress() {
        return daemon.host.toString();
    }

    /** The leftover containers removed when this executor connected, each described by run, step and attempt. */
    public List<String> leftoversRemoved() {
        return leftoversRemoved;
    }

    /** Removes the containers that engines which died left behind, and describes each. */
    public List<String> removeLeftovers() {
        return Leftovers.remove(daemon);
    }

    @Override
    public String name() {
        return "docker";
    }

    /**
     * The image's ID, the digests of the step's code files (mounted into the container), and its
     * volumes as written. Pulls a missing image and builds a {@code build:} context first. The
     * image stands for the programs and the environment, so host programs and fingerprint
     * commands play no part.
     */
    @Override
    public PreparedStep prepare(PipelineSpec pipeline, StepSpec step, RunScope run) {
        Path baseDir = run.baseDir();
        String imageId = step.container().build()
                .map(b -> images.build(b, baseDir, step.name()))
                .orElseGet(() -> images.resolve(pipeline.effectiveImage(step).orElseThrow(() -> noImage(step)),
                        step.name()));
        List<Prepared.HostMount> mounts = new ArrayList<>();
        Map<String, String> code = new TreeMap<>();
        for (ContainerPaths.CodeFile file : ContainerPaths.codeFiles(step, baseDir)) {
            code.put(file.written(), file.digest());
            mounts.add(new Prepared.HostMount(file.path(), file.target(), true));
        }
        List<String> volumes = new ArrayList<>();
        for (VolumeSpec v : step.container().volumes()) {
            Path source = baseDir.resolve(v.source()).normalize();
            if (!Files.exists(source)) {
                if (v.readOnly()) {
                    throw new ExecutionException("step '" + step.name() + "': volume source " + v.source()
                            + " does not exist (looked for " + source + ")");
                }
                // A writable volume is where a step keeps what outlives its container, such as a
                // model registry: like 'docker run -v', start it empty, owned by the container's user.
                createWritableSource(step, v, source);
            }
            mounts.add(new Prepared.HostMount(source, v.target(), v.readOnly()));
            volumes.add(v.toString());
        }
        Map<String, Object> identity = new TreeMap<>();
        identity.put("executor", name());
        // The image's ID, not its tag: a tag can be re-pointed at another image.
        identity.put("image", imageId);
        // The code files are mounted into the container, so their content is part of what runs.
        identity.put("code", code);
        if (!volumes.isEmpty()) {
            // What is mounted where (their content is the user's to keep stable).
            identity.put("volumes", volumes);
        }
        return new Prepared(imageId, baseDir, mounts, identity);
    }

    private void createWritableSource(StepSpec step, VolumeSpec volume, Path source) {
        try {
            Files.createDirectories(source);
            Users.handOver(source, settings.user());
        } catch (IOException e) {
            throw new ExecutionException("step '" + step.name() + "': cannot create the directory of writable volume "
                    + volume.source() + " at " + source + ": " + e.getMessage());
        }
    }

    /** The images that steps name and that can neither be found on the Docker host nor pulled. */
    @Override
    public Optional<Unsuited> unsuitedHere(PipelineSpec pipeline) {
        Map<String, String> firstStep = new LinkedHashMap<>();
        for (StepSpec step : pipeline.steps().values()) {
            if (step.container().build().isEmpty()) {
                pipeline.effectiveImage(step).ifPresent(image -> firstStep.putIfAbsent(image, step.name()));
            }
        }
        List<String> missing = new ArrayList<>();
        firstStep.forEach((image, step) -> images.unavailable(image, step).ifPresent(missing::add));
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String why = String.join("; ", missing);
        return Optional.of(new Unsuited(why, why, false));
    }

    private static ExecutionException noImage(StepSpec step) {
        return new ExecutionException("step '" + step.name() + "' names no image, which the docker executor needs:"
                + " set 'image' or 'build' on it, or 'defaults: {image: ...}' in the pipeline");
    }

    /** Secret files go onto an in-memory mount in the container (see {@link SecretFiles}). */
    @Override
    public boolean givesSecretFiles() {
        return true;
    }

    @Override
    public String inputPath(String name, Path host) {
        return ContainerRequest.INPUTS + name;
    }

    @Override
    public String outputPath(String name, Path host) {
        return ContainerRequest.OUTPUTS + "/" + name;
    }

    @Override
    public RunningStep start(StepLaunch launch) throws IOException {
        if (!(launch.prepared() instanceof Prepared p)) {
            throw new IllegalArgumentException("step '" + launch.step().name() + "' was prepared by another executor"
                    + " than docker: " + launch.prepared());
        }
        // Validation judged the paths as written; here they are judged as they resolve on this host.
        Optional<String> refusal = UnsafeRefusal.check(launch, p.baseDir());
        if (refusal.isPresent()) {
            throw new IOException(refusal.get());
        }
        Path checkpoints = ContainerRequest.checkpointsDir(launch);
        if (launch.step().container().checkpoints().isPresent()) {
            Users.handOver(checkpoints, settings.user());
        }
        var attemptDir = ContainerPaths.outputsDir(launch);
        if (attemptDir.isPresent()) {
            Users.handOver(attemptDir.get(), settings.user());
            for (Path output : launch.outputs().values()) {
                if (Files.isDirectory(output)) {
                    Users.handOver(output, settings.user());
                }
            }
        }
        return DockerContainer.start(daemon, ContainerRequest.create(daemon, p, launch, settings, checkpoints),
                launch, settings.stopGrace());
    }

    @Override
    public void close() {
        daemon.close();
    }
}
