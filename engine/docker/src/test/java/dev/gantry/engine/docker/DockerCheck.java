package dev.gantry.engine.docker;

import dev.gantry.engine.RequiredService;
import java.util.Optional;

/** The one place that decides whether Docker tests run, skip, or (with {@code CI=true}) fail. */
public final class DockerCheck extends RequiredService {
    /** The image the tests run: busybox, imported by {@code .ci/docker-images.sh} without a registry. */
    public static final String TEST_IMAGE = "gantry-test/busybox:1";

    private static volatile Optional<String> problem;

    public DockerCheck() {
        super("Docker tests", "Start dockerd and run .ci/docker-images.sh to run them",
                ".ci/run installs and starts dockerd and runs .ci/docker-images.sh");
    }

    /** Why Docker tests cannot run here, or empty when they can. */
    public static Optional<String> dockerProblem() {
        if (problem == null) {
            problem = probe();
        }
        return problem;
    }

    @Override
    protected Optional<String> problem() {
        return dockerProblem();
    }

    private static Optional<String> probe() {
        try (TestDocker docker = TestDocker.connect()) {
            if (docker.imageId(TEST_IMAGE).isEmpty()) {
                return Optional.of("the Docker daemon has no image " + TEST_IMAGE + " (run .ci/docker-images.sh)");
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }
}
