package dev.gantry.engine;

import dev.gantry.engine.docker.DockerExecutor;
import dev.gantry.engine.docker.DockerSettings;
import dev.gantry.engine.exec.ExecutorUnavailableException;
import dev.gantry.engine.exec.LocalExecutor;
import dev.gantry.engine.exec.StepExecutor;
import dev.gantry.engine.plan.PlanException;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the executor of a run: the run's choice, else the pipeline's, else {@code auto}, which
 * takes Docker when every step has an image and the daemon answers, and otherwise runs the
 * steps as local processes, saying why in one line (unless no step names an image at all: such
 * a pipeline is meant for the local executor). The Docker connection is made once, on first use.
 */
final class ExecutorSelection implements AutoCloseable {
    private final LocalExecutor local = new LocalExecutor();
    private DockerExecutor docker;

    synchronized StepExecutor choose(PipelineSpec spec, RunOptions options) {
        ExecutorChoice choice = options.executor().or(spec::executor).orElse(ExecutorChoice.AUTO);
        List<String> imageless = new ArrayList<>();
        for (StepSpec step : spec.steps().values()) {
            if (step.container().build().isEmpty() && spec.effectiveImage(step).isEmpty()) {
                imageless.add(step.name());
            }
        }
        return switch (choice) {
            case LOCAL -> local;
            case DOCKER -> {
                if (!imageless.isEmpty()) {
                    throw new PlanException(names(imageless) + " no image, which the docker executor needs: set"
                            + " 'image' or 'build' on " + (imageless.size() == 1 ? "it" : "them")
                            + ", or 'defaults: {image: ...}' in the pipeline; or use --executor local");
                }
                yield docker(options.listener());
            }
            case AUTO -> {
                if (imageless.size() == spec.steps().size()) {
                    yield local;
                }
                if (!imageless.isEmpty()) {
                    options.listener().notice("running the steps as local processes: " + names(imageless)
                            + " no image (give every step one, or set defaults.image, to run them in Docker)");
                    yield local;
                }
                try {
                    yield docker(options.listener());
                } catch (ExecutorUnavailableException e) {
                    options.listener().notice("running the steps as local processes: " + e.reason());
                    yield local;
                }
            }
        };
    }

    private DockerExecutor docker(RunListener listener) {
        if (docker == null) {
            docker = DockerExecutor.connect(DockerSettings.defaults());
            List<String> removed = docker.leftoversRemoved();
            if (!removed.isEmpty()) {
                listener.notice("removed " + removed.size() + (removed.size() == 1 ? " container" : " containers")
                        + " left behind by an engine that died: " + String.join("; ", removed));
            }
        }
        return docker;
    }

    /** {@code step 'a' names} or {@code steps 'a', 'b' name}. */
    private static String names(List<String> steps) {
        String quoted = String.join(", ", steps.stream().map(s -> "'" + s + "'").toList());
        return (steps.size() == 1 ? "step " + quoted + " names" : "steps " + quoted + " name");
    }

    @Override
    public synchronized void close() {
        if (docker != null) {
            docker.close();
        }
    }
}
