package dev.gantry.pipelines;

import dev.gantry.engine.docker.DockerCheck;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that run steps in the step image, {@value StepImageCheck#IMAGE}. Where Docker, or
 * an image built from these sources, is missing they are skipped with the reason, except with
 * {@code CI=true}, where they fail. {@code .ci/docker-images.sh} builds the image.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({DockerCheck.class, StepImageCheck.class})
public @interface RequiresStepImage {}
