package dev.gantry.engine.docker;

import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The one place that decides whether Docker tests run, skip, or (with {@code CI=true}) fail. */
public final class DockerCheck implements ExecutionCondition, BeforeAllCallback {
    /** The image the tests run: busybox, imported by {@code .ci/docker-images.sh} without a registry. */
    public static final String TEST_IMAGE = "gantry-test/busybox:1";

    private static volatile Optional<String> problem;

    /** Why Docker tests cannot run here, or empty when they can. */
    public static Optional<String> problem() {
        if (problem == null) {
            problem = probe();
        }
        return problem;
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

    private static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> why = problem();
        if (why.isEmpty() || inCi()) {
            return ConditionEvaluationResult.enabled("Docker is available, or CI requires it");
        }
        return ConditionEvaluationResult.disabled("Docker tests skipped: " + why.get()
                + ". Start dockerd and run .ci/docker-images.sh to run them; with CI=true they fail instead.");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> why = problem();
        if (why.isPresent()) {
            throw new AssertionError("CI=true, so the Docker tests must run, but " + why.get()
                    + ". .ci/run installs and starts dockerd and runs .ci/docker-images.sh.");
        }
    }
}
