package dev.gantry.engine.spi;

import dev.gantry.settings.Settings;
import dev.gantry.spec.PipelineSpec;
import java.util.Optional;

/**
 * An executor that Gantry can run steps with, found through {@link java.util.ServiceLoader}: a
 * jar on the class path that lists its provider in
 * {@code META-INF/services/dev.gantry.engine.spi.ExecutorProvider} adds an executor, whose
 * {@link #name()} a pipeline's {@code executor:} and {@code gantry run --executor} may then name.
 *
 * <p>A provider is cheap to make and holds no connection; {@link #open} makes the executor a
 * run uses, and the engine opens each provider at most once and closes what it opened.
 */
public interface ExecutorProvider {
    /**
     * The executor's name, as pipelines and {@code --executor} give it: lower-case letters,
     * digits and {@code -}, starting with a letter, such as {@code docker}. {@code auto} is taken.
     */
    String name();

    /**
     * How the steps run, completing "running the steps ...", as the notice that says which
     * executor {@code auto} chose puts it: {@code as local processes}, {@code in Docker containers}.
     */
    String describe();

    /** Whether, and how keenly, {@code auto} picks this executor. */
    AutoRule auto();

    /**
     * Why this executor cannot run {@code pipeline} as written, such as steps without an image
     * for a container executor; empty when it can. Asked before {@link #open}, so it must not
     * connect to anything.
     */
    default Optional<Unsuited> unsuited(PipelineSpec pipeline) {
        return Optional.empty();
    }

    /**
     * Checks this executor's settings ({@code executors: {NAME: {...}}} in {@code gantry.yaml})
     * without connecting to anything, reporting each problem on {@code settings} (see
     * {@link Settings#problem}), so that a mistake in one executor's part is said when any run
     * starts, not first on the cluster. By default it takes no settings: every key is a problem.
     */
    default void checkSettings(Settings settings) {
        settings.allowOnly();
    }

    /**
     * Makes the executor: connects to its daemon or cluster and cleans up after engines that
     * died.
     *
     * @throws ExecutorUnavailableException saying what to check when it cannot run here
     */
    StepExecutor open(ExecutorContext context);
}
