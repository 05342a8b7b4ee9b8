package dev.gantry.engine.docker;

import dev.gantry.engine.spi.AutoRule;
import dev.gantry.engine.spi.ExecutorContext;
import dev.gantry.engine.spi.ExecutorProvider;
import dev.gantry.engine.spi.StepExecutor;
import dev.gantry.engine.spi.Unsuited;
import dev.gantry.settings.Settings;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Docker executor: every step in a container of its own. {@code auto} prefers it to the
 * local executor for a pipeline whose every step has an image, when the daemon answers.
 */
public final class DockerExecutorProvider implements ExecutorProvider {
    @Override
    public String name() {
        return "docker";
    }

    @Override
    public String describe() {
        return "in Docker containers";
    }

    @Override
    public AutoRule auto() {
        return AutoRule.rank(100);
    }

    /** A step with neither an image nor a build of its own, in a pipeline with no default image. */
    @Override
    public Optional<Unsuited> unsuited(PipelineSpec pipeline) {
        List<String> imageless = new ArrayList<>();
        for (StepSpec step : pipeline.steps().values()) {
            if (step.container().build().isEmpty() && pipeline.effectiveImage(step).isEmpty()) {
                imageless.add(step.name());
            }
        }
        if (imageless.isEmpty()) {
            return Optional.empty();
        }
        String named = names(imageless) + " no image";
        return Optional.of(new Unsuited(
                named + ", which the docker executor needs: set 'image' or 'build' on "
                        + (imageless.size() == 1 ? "it" : "them")
                        + ", or 'defaults: {image: ...}' in the pipeline; or use --executor local",
                named + " (give every step one, or set defaults.image, to run them in Docker)",
                imageless.size() == pipeline.steps().size()));
    }

    /** {@code step 'a' names} or {@code steps 'a', 'b' name}. */
    private static String names(List<String> steps) {
        String quoted = String.join(", ", steps.stream().map(s -> "'" + s + "'").toList());
        return steps.size() == 1 ? "step " + quoted + " names" : "steps " + quoted + " name";
    }

    @Override
    public void checkSettings(Settings settings) {
        DockerSettings.from(settings);
    }

    @Override
    public StepExecutor open(ExecutorContext context) {
        DockerExecutor docker = DockerExecutor.connect(DockerSettings.from(context.settings()));
        List<String> removed = docker.leftoversRemoved();
        if (!removed.isEmpty()) {
            context.notice("removed " + removed.size() + (removed.size() == 1 ? " container" : " containers")
                    + " left behind by an engine that died: " + String.join("; ", removed));
        }
        return docker;
    }
}
