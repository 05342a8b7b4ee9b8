package dev.gantry.thirdexecutor;

import dev.gantry.engine.spi.AutoRule;
import dev.gantry.engine.spi.Capacity;
import dev.gantry.engine.spi.ExecutorContext;
import dev.gantry.engine.spi.ExecutorProvider;
import dev.gantry.engine.spi.PreparedStep;
import dev.gantry.engine.spi.RunScope;
import dev.gantry.engine.spi.RunningStep;
import dev.gantry.engine.spi.StepExecutor;
import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.engine.spi.Unsuited;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An executor from a jar of its own, which ThirdExecutorTest compiles and puts on the CLI's class
 * path: it runs each step's command as a plain child process, with no session or sweep, and
 * takes part in auto above Docker for the pipelines whose name starts with "third-".
 */
public final class ThirdExecutorProvider implements ExecutorProvider {
    @Override
    public String name() {
        return "third";
    }

    @Override
    public String describe() {
        return "with the third executor";
    }

    @Override
    public AutoRule auto() {
        return AutoRule.rank(200);
    }

    @Override
    public Optional<Unsuited> unsuited(PipelineSpec pipeline) {
        if (pipeline.name().startsWith("third-")) {
            return Optional.empty();
        }
        return Optional.of(new Unsuited("pipeline '" + pipeline.name() + "' is not one for the third executor",
                "its name does not start with 'third-'", false));
    }

    @Override
    public StepExecutor open(ExecutorContext context) {
        context.notice("the third executor is open");
        return new ThirdExecutor();
    }

    private static final class ThirdExecutor implements StepExecutor {
        @Override
        public String name() {
            return "third";
        }

        @Override
        public PreparedStep prepare(PipelineSpec pipeline, StepSpec step, RunScope run) {
            return PreparedStep.of(Map.of("executor", "third"));
        }

        @Override
        public Capacity capacity(boolean needsMemory, boolean needsGpus) {
            return Capacity.unbounded("the third executor");
        }

        @Override
        public RunningStep start(StepLaunch launch) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(launch.command()).directory(launch.workdir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()));
            builder.environment().putAll(launch.environment());
            Process process = builder.start();
            return new RunningStep() {
                @Override
                public Optional<Integer> waitFor(Optional<Duration> timeout) throws InterruptedException {
                    if (timeout.isPresent()) {
                        return process.waitFor(timeout.get().toMillis(), TimeUnit.MILLISECONDS)
                                ? Optional.of(process.exitValue()) : Optional.empty();
                    }
                    return Optional.of(process.waitFor());
                }

                @Override
                public void kill() {
                    process.destroyForcibly();
                    try {
                        process.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }
    }
}
