package dev.gantry.engine.docker;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that run real containers. Where Docker or the test image is missing they are
 * skipped with the reason, except with {@code CI=true}, where they fail: CI must prove the
 * Docker executor, never quietly skip it. {@code .ci/run} starts dockerd and runs
 * {@code .ci/docker-images.sh}, which builds {@link DockerCheck#TEST_IMAGE}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DockerCheck.class)
public @interface RequiresDocker {}
