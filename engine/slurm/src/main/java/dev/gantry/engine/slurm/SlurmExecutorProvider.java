package dev.gantry.engine.slurm;

import dev.gantry.engine.spi.AutoRule;
import dev.gantry.engine.spi.ExecutorContext;
import dev.gantry.engine.spi.ExecutorProvider;
import dev.gantry.engine.spi.ExecutorUnavailableException;
import dev.gantry.engine.spi.StepExecutor;
import dev.gantry.engine.spi.Unsuited;
import dev.gantry.settings.InvalidSettingsException;
import dev.gantry.settings.Settings;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The Slurm executor: every attempt of a step a batch job, submitted with {@code sbatch} from the
 * machine the engine runs on, on a cluster whose nodes share the store's filesystem. Its settings
 * are {@code executors: {slurm: {...}}} in {@code gantry.yaml} ({@link SlurmSettings}). It is
 * chosen by name only ({@code --executor slurm}, or {@code executor: slurm} in the settings file),
 * never by {@code auto}: whether steps should queue on a cluster is not the engine's guess.
 */
public final class SlurmExecutorProvider implements ExecutorProvider {
    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public String describe() {
        return "as Slurm batch jobs";
    }

    @Override
    public AutoRule auto() {
        return AutoRule.never();
    }

    /** Steps whose own {@code executors: {slurm: {...}}} are wrong, each problem named with its step. */
    @Override
    public Optional<Unsuited> unsuited(PipelineSpec pipeline) {
        List<String> problems = new ArrayList<>();
        for (StepSpec step : pipeline.steps().values()) {
            try {
                SlurmSettings.defaults().forStep(Settings.forStep(pipeline, step, name()));
            } catch (InvalidSettingsException e) {
                e.problems().forEach(p -> problems.add(p.message()));
            }
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        String all = String.join("; ", new LinkedHashSet<>(problems));
        return Optional.of(new Unsuited("the slurm executor cannot run pipeline '" + pipeline.name() + "' as written: "
                + all, all, false));
    }

    @Override
    public void checkSettings(Settings settings) {
        SlurmSettings.from(settings);
    }

    @Override
    public StepExecutor open(ExecutorContext context) {
        SlurmSettings settings = SlurmSettings.from(context.settings());
        SlurmCommands slurm = new SlurmCommands();
        try {
            SlurmCommands.Result version = slurm.run(List.of("sbatch", "--version"));
            if (!version.ok()) {
                throw unavailable(version.error());
            }
            List<String> cancelled = Leftovers.cancel(slurm);
            if (!cancelled.isEmpty()) {
                context.notice("cancelled " + cancelled.size() + (cancelled.size() == 1 ? " Slurm job" : " Slurm jobs")
                        + " left behind by an engine that died: " + String.join("; ", cancelled));
            }
            return new SlurmExecutor(settings, slurm, context.hostSteps());
        } catch (IOException e) {
            throw unavailable(e.getMessage());
        }
    }

    private static ExecutorUnavailableException unavailable(String why) {
        return new ExecutorUnavailableException("the slurm executor cannot reach Slurm: " + why
                + " (check that sbatch and squeue work on this machine, and that slurmctld answers: sinfo)",
                "Slurm does not answer (" + why + ")", null);
    }
}
