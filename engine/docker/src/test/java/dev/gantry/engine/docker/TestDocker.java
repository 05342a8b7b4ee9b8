package dev.gantry.engine.docker;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the Docker tests ask the daemon directly: images to make and tag, containers left over. */
public final class TestDocker implements AutoCloseable {
    private final DockerDaemon daemon;

    private TestDocker(DockerDaemon daemon) {
        this.daemon = daemon;
    }

    public static TestDocker connect() {
        return new TestDocker(DockerDaemon.connect());
    }

    /** The ID of image {@code name}, if the daemon has it. */
    public Optional<String> imageId(String name) {
        try {
            return Optional.of(daemon.client.inspectImageCmd(name).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The labels of image {@code name}, if the daemon has it. */
    public Optional<Map<String, String>> imageLabels(String name) {
        try {
            Map<String, String> labels = daemon.client.inspectImageCmd(name).exec().getConfig().getLabels();
            return Optional.of(labels == null ? Map.of() : Map.copyOf(labels));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Builds {@code FROM base} with a label, so each call gives an image with another ID, and tags it {@code tag}. */
    public String buildVariant(String base, String tag, String label, Path workDir) throws IOException {
        Path context = Files.createTempDirectory(workDir, "variant");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + base + "\nLABEL gantry.test.variant=" + label + "\n");
        daemon.client.buildImageCmd(context.toFile()).withTags(Set.of(tag)).withPull(false)
                .exec(new BuildImageResultCallback()).awaitImageId();
        return imageId(tag).orElseThrow();
    }

    /** Every container, running or not, labelled with run {@code runId}: {@code docker ps -a --filter label=gantry.run=ID}. */
    public List<String> containersOfRun(String runId) {
        return daemon.client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.RUN, runId)).exec().stream().map(Container::getId).toList();
    }

    /** Creates (does not start) a container with the given labels, as a crashed engine would have left it. */
    public String createLabelled(String image, Map<String, String> labels) {
        return daemon.client.createContainerCmd(image).withLabels(labels).withCmd("true").exec().getId();
    }

    public boolean containerExists(String id) {
        try {
            daemon.client.inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    public void removeContainer(String id) {
        try {
            daemon.client.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException ignored) {
            // Already gone.
        }
    }

    public void removeImage(String name) {
        try {
            daemon.client.removeImageCmd(name).withForce(true).exec();
        } catch (NotFoundException ignored) {
            // Already gone.
        }
    }

    @Override
    public void close() {
        daemon.close();
    }
}
