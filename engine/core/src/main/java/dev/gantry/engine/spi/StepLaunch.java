package dev.gantry.engine.spi;

import dev.gantry.spec.Resources;
import dev.gantry.spec.StepSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One attempt of a step, resolved and ready to start. The command and environment already
 * hold the paths as the executor said the step sees them ({@link StepExecutor#inputPath});
 * {@code inputs} and {@code outputs} hold the host paths behind them, for mounts.
 *
 * @param runId the run
 * @param step the step as declared
 * @param resources what the step reserved: its own resources completed from the defaults
 * @param attempt the attempt, from 1
 * @param command the command with every placeholder filled in
 * @param environment the variables of the step contract and the step's own
 * @param workdir the host working directory (the local executor's; containers use the step's own)
 * @param inputs input name to the read-only object (or host file) it reads
 * @param outputs output name to the scratch path it must write
 * @param gpuDevices the GPU device ids the step is given; empty for a CPU step
 * @param log the attempt's log file
 * @param output receives each line the step prints
 * @param secrets the secret values the step is given, which the executor hands over itself:
 *     they are in neither {@code environment} nor {@code command}, unless a secret parameter
 *     fills a placeholder there; its mask masks the step's output
 * @param prepared what {@link StepExecutor#prepare} returned for the step
 */
public record StepLaunch(
        String runId,
        StepSpec step,
        Resources resources,
        int attempt,
        List<String> command,
        Map<String, String> environment,
        Path workdir,
        Map<String, Path> inputs,
        Map<String, Path> outputs,
        List<String> gpuDevices,
        Path log,
        Consumer<String> output,
        StepSecrets secrets,
        PreparedStep prepared) {

    public StepLaunch {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        inputs = Map.copyOf(inputs);
        outputs = Map.copyOf(outputs);
        gpuDevices = List.copyOf(gpuDevices);
    }

    /**
     * The step's directory in the run, which holds every attempt's log and scratch output; what
     * an executor keeps there (the step's checkpoints) survives the step's failed attempts.
     */
    public Path stepDir() {
        return log.toAbsolutePath().getParent();
    }
}
