package dev.gantry.engine.slurm;

import dev.gantry.engine.spi.EngineHost;
import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.spec.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code sbatch} command line and environment of one attempt. Resources become Slurm's own
 * flags ({@code --cpus-per-task}, {@code --mem}, {@code --gres=gpu:N}, {@code --time}); the
 * attempt's log takes the job's output; the comment names the attempt and the engine, so that a
 * later engine finds the jobs of one that died ({@link Leftovers}).
 */
final class JobRequest {
    /** What every job's comment starts with. */
    static final String COMMENT_MARK = "gantry";

    private JobRequest() {}

    /**
     * The command that submits {@code launch}.
     *
     * @param pipeline the pipeline's name, for the job's name
     * @param shared the flags of its resources and placement ({@link #sharedFlags})
     * @param script the batch script ({@link BatchScript})
     * @param exitFile where the script records the exit code
     */
    static List<String> command(String pipeline, StepLaunch launch, List<String> shared, Path script, Path exitFile) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable",
                "--job-name=" + jobName(pipeline, launch.step().name()),
                "--comment=" + comment(launch),
                "--output=" + launch.log(), "--error=" + launch.log(), "--open-mode=append",
                "--chdir=" + launch.workdir()));
        command.addAll(shared);
        command.add(script.toString());
        command.add(exitFile.toString());
        command.add(launch.workdir().toString());
        command.addAll(launch.command());
        return command;
    }

    /**
     * The flags that say where and with what a job runs: the partition, account and QOS, its
     * resources and time limit, and the settings' own flags and {@code extra}. Attempts whose
     * flags are the same can go as one job array.
     */
    static List<String> sharedFlags(StepLaunch launch, SlurmSettings settings, List<String> extra) {
        // --no-requeue: a job whose node fails ends NODE_FAIL, and the step's retry policy decides,
        // rather than Slurm running it again behind the engine's back.
        List<String> flags = new ArrayList<>(List.of("--export=ALL", "--nodes=1", "--ntasks=1", "--no-requeue"));
        settings.partition().ifPresent(p -> flags.add("--partition=" + p));
        settings.account().ifPresent(a -> flags.add("--account=" + a));
        settings.qos().ifPresent(q -> flags.add("--qos=" + q));
        Resources r = launch.resources();
        r.cpus().ifPresent(c -> flags.add("--cpus-per-task=" + (int) Math.ceil(c)));
        r.memory().ifPresent(m -> flags.add("--mem=" + memoryMegabytes(m.bytes()) + "M"));
        r.gpus().filter(g -> g > 0).ifPresent(g -> flags.add("--gres=gpu:" + g));
        launch.step().timeout().ifPresent(t -> flags.add("--time=" + timeLimit(t)));
        flags.addAll(settings.flags());
        flags.addAll(extra);
        return flags;
    }

    /**
     * The command that submits several attempts as one job array: element {@code i} runs the
     * {@code i}-th of {@code elementScripts} ({@link ArrayElements}), which sends its output to its
     * attempt's log itself.
     */
    static List<String> arrayCommand(String pipeline, List<StepLaunch> launches, List<String> shared, Path arrayScript,
            List<Path> elementScripts) {
        StepLaunch first = launches.get(0);
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable", "--array=0-" + (launches.size() - 1),
                "--job-name=" + jobName(pipeline, first.step().name()), "--comment=" + comment(first),
                "--output=/dev/null", "--error=/dev/null", "--chdir=" + first.workdir()));
        command.addAll(shared);
        command.add(arrayScript.toString());
        elementScripts.forEach(p -> command.add(p.toString()));
        return command;
    }

    /**
     * The environment {@code sbatch} runs with, which the job inherits ({@code --export=ALL}): the
     * engine's, less any variables of an enclosing run, job or submission, and less
     * {@code CUDA_VISIBLE_DEVICES}, which Slurm sets for a job with GPUs.
     */
    static Map<String, String> baseEnvironment(Map<String, String> engine) {
        Map<String, String> env = new LinkedHashMap<>();
        engine.forEach((k, v) -> {
            if (!k.startsWith("GANTRY_") && !k.startsWith("SLURM_") && !k.startsWith("SBATCH_")
                    && !k.equals("CUDA_VISIBLE_DEVICES")) {
                env.put(k, v);
            }
        });
        return env;
    }

    /**
     * The attempt's own variables: the step contract's and the step's, its checkpoint directory,
     * and an empty {@code CUDA_VISIBLE_DEVICES} for a step without GPUs, which then sees none.
     */
    static Map<String, String> stepEnvironment(StepLaunch launch) {
        Map<String, String> env = new LinkedHashMap<>(launch.environment());
        if (launch.resources().gpus().orElse(0) == 0) {
            env.put("CUDA_VISIBLE_DEVICES", "");
        }
        if (launch.step().container().checkpoints().isPresent()) {
            env.put("GANTRY_CHECKPOINTS", launch.stepDir().resolve("checkpoints").toString());
        }
        return env;
    }

    /** {@code gantry-PIPELINE-STEP}, as squeue shows it. */
    static String jobName(String pipeline, String step) {
        return "gantry-" + pipeline + "-" + step;
    }

    /** {@code gantry run=R step=S attempt=N host=H pid=P}: which attempt, and which engine submitted it. */
    private static String comment(StepLaunch launch) {
        return COMMENT_MARK + " run=" + launch.runId() + " step=" + launch.step().name() + " attempt="
                + launch.attempt() + " host=" + EngineHost.name() + " pid=" + ProcessHandle.current().pid();
    }

    /** Slurm's {@code --mem} in whole megabytes, rounded up so the step never gets less than it asked for. */
    static long memoryMegabytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /**
     * The time limit in whole minutes, rounded up, plus one: the engine ends the attempt at its
     * timeout itself, to the second; Slurm's limit only stops a job whose engine went away.
     */
    static String timeLimit(Duration timeout) {
        long minutes = (timeout.toSeconds() + 59) / 60 + 1;
        return String.valueOf(minutes);
    }

    /** The memory as the job's failure names it, such as {@code 512M}; empty when the step sets none. */
    static Optional<String> memory(StepLaunch launch) {
        return launch.resources().memory().map(m -> memoryMegabytes(m.bytes()) + "M");
    }
}
