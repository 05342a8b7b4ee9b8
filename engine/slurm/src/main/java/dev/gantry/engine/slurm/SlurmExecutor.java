package dev.gantry.engine.slurm;

import dev.gantry.engine.spi.Capacity;
import dev.gantry.engine.spi.ContainerPaths;
import dev.gantry.engine.spi.ExecutionException;
import dev.gantry.engine.spi.HostSteps;
import dev.gantry.engine.spi.LogFileFollower;
import dev.gantry.engine.spi.PreparedStep;
import dev.gantry.engine.spi.RunScope;
import dev.gantry.engine.spi.RunningStep;
import dev.gantry.engine.spi.StepExecutor;
import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.settings.Settings;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Runs each attempt of a step as a Slurm batch job. Steps are host programs, as under the local
 * executor, on nodes that share the store's filesystem with the engine: inputs are read and
 * outputs written where the engine keeps them, and committed by rename as always. The step's
 * cache identity is the local executor's (its code files, program and fingerprints as the
 * submitting machine sees them).
 *
 * <p>Slurm queues and places the jobs; the engine submits every ready step at once, up to
 * {@link SlurmSettings#parallel()}, and follows them all with one {@code squeue} call a poll
 * ({@link JobWatch}). A step's secrets are refused: Slurm keeps a job's environment in its state
 * directory, on disk.
 */
final class SlurmExecutor implements StepExecutor {
    private final SlurmSettings settings;
    private final SlurmCommands slurm;
    private final HostSteps host;
    private final JobWatch watch;
    private final LogFileFollower follower = new LogFileFollower();
    private final Path script;
    private final Path arrayScript;
    private final JobBatcher batcher = new JobBatcher(this::submit);

    SlurmExecutor(SlurmSettings settings, SlurmCommands slurm, HostSteps host) throws IOException {
        this.settings = settings;
        this.slurm = slurm;
        this.host = host;
        this.script = BatchScript.write();
        this.arrayScript = ArrayElements.writeArrayScript();
        this.watch = new JobWatch(slurm, settings.poll());
    }

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public PreparedStep prepare(PipelineSpec pipeline, StepSpec step, RunScope run) {
        // A step's own settings are checked before anything runs, with its name in the message.
        SlurmSettings own = settings.forStep(Settings.forStep(pipeline, step, name()));
        Optional<String> image = own.containers() ? pipeline.effectiveImage(step) : Optional.empty();
        if (image.isEmpty()) {
            PreparedStep identity = host.prepare(name(), pipeline, step, run);
            return new SlurmStep(identity.identity(), own, pipeline.name(), Optional.empty());
        }
        OciBundle bundle = run.memo(BundlesRead.class, r -> new BundlesRead())
                .of(OciBundles.locate(image.get(), own.bundles(), step.name()));
        Map<String, Object> identity = new TreeMap<>();
        identity.put("executor", name());
        identity.put("image", image.get());
        // What runs is the bundle's content, not its name.
        identity.put("bundle", bundle.fingerprint());
        Map<String, String> code = new TreeMap<>();
        for (ContainerPaths.CodeFile file : ContainerPaths.codeFiles(step, run.baseDir())) {
            code.put(file.written(), file.digest());
        }
        identity.put("code", code);
        return new SlurmStep(identity, own, pipeline.name(), Optional.of(bundle));
    }

    @Override
    public Capacity capacity(boolean needsMemory, boolean needsGpus) {
        return Capacity.unbounded("the Slurm cluster");
    }

    @Override
    public int defaultParallel() {
        return settings.parallel();
    }

    @Override
    public RunningStep start(StepLaunch launch) throws IOException {
        if (!launch.secrets().variables().isEmpty() || !launch.secrets().files().isEmpty()) {
            TreeSet<String> names = new TreeSet<>(launch.secrets().variables().keySet());
            names.addAll(launch.secrets().files().keySet());
            throw new ExecutionException("step '" + launch.step().name() + "' has secrets (" + String.join(", ", names)
                    + "), which the slurm executor cannot give it: Slurm keeps a job's environment in its state"
                    + " directory, on disk. Run the step with another executor, or read the secret inside the job"
                    + " from a file only its user can read");
        }
        SlurmStep step = (SlurmStep) launch.prepared();
        if (launch.step().container().checkpoints().isPresent()) {
            Files.createDirectories(launch.stepDir().resolve("checkpoints"));
        }
        Path exitFile = Path.of(launch.log() + ".exit");
        Files.deleteIfExists(exitFile);
        List<String> extra = new ArrayList<>();
        if (step.bundle().isPresent()) {
            OciBundles.requireMounted(step.bundle().get(), launch);
            extra.add("--container=" + step.bundle().get().dir());
        }
        String jobId = batcher.submit(new JobBatcher.Submission(launch, step, exitFile,
                JobRequest.sharedFlags(launch, step.settings(), extra)));
        JobProgress progress = new JobProgress(jobId, launch.output());
        CompletableFuture<JobState> ended = watch.watch(jobId, exitFile, progress::heard);
        follower.follow(launch.log(), launch.output());
        return new SlurmJob(jobId, ended, slurm, follower, launch.log(),
                JobRequest.memory(launch).orElse("the cluster's default"));
    }

    /** Submits a batch of attempts that start together: one job for one, a job array for more. */
    private List<String> submit(List<JobBatcher.Submission> batch) throws IOException {
        Map<String, String> base = JobRequest.baseEnvironment(System.getenv());
        JobBatcher.Submission first = batch.get(0);
        if (batch.size() == 1) {
            Map<String, String> env = new LinkedHashMap<>(base);
            env.putAll(JobRequest.stepEnvironment(first.launch()));
            List<String> command = JobRequest.command(first.step().pipeline(), first.launch(), first.sharedFlags(), script,
                    first.exitFile());
            return List.of(submitted(slurm.run(command, env), batch));
        }
        List<Path> elements = new ArrayList<>();
        List<StepLaunch> launches = new ArrayList<>();
        for (JobBatcher.Submission s : batch) {
            elements.add(ArrayElements.writeElement(s.launch(), JobRequest.stepEnvironment(s.launch()), s.exitFile()));
            launches.add(s.launch());
        }
        String arrayId = submitted(slurm.run(JobRequest.arrayCommand(first.step().pipeline(), launches,
                first.sharedFlags(), arrayScript, elements), base), batch);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ids.add(arrayId + "_" + i);
        }
        return ids;
    }

    /** The job id sbatch printed, or why it refused the batch, naming its steps. */
    private static String submitted(SlurmCommands.Result result, List<JobBatcher.Submission> batch) {
        if (!result.ok()) {
            List<String> names = batch.stream().map(s -> "'" + s.launch().step().name() + "'").toList();
            String steps = names.size() == 1 ? "step " + names.get(0)
                    : "steps " + String.join(", ", names.subList(0, Math.min(3, names.size())))
                            + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "");
            throw refused(steps, result.error());
        }
        return result.out().strip().split(";")[0];
    }

    /** Why sbatch would not take the job, in Slurm's words, as the kind of failure it is. */
    static ExecutionException refused(String steps, String error) {
        String lower = error.toLowerCase(Locale.ROOT);
        FailureKind kind;
        if (lower.contains("requested node configuration is not available")
                || lower.contains("more processors than permitted") || lower.contains("memory specification can not")
                || lower.contains("invalid generic resource")) {
            kind = FailureKind.UNSCHEDULABLE;
        } else if (lower.contains("invalid partition") || lower.contains("invalid account")
                || lower.contains("invalid qos") || lower.contains("unrecognized option")
                || lower.contains("invalid")) {
            kind = FailureKind.COULD_NOT_START;
        } else {
            kind = FailureKind.INFRASTRUCTURE;
        }
        return new ExecutionException(kind, steps + ": Slurm refused the job: " + error);
    }

    @Override
    public void close() {
        watch.close();
    }
}
