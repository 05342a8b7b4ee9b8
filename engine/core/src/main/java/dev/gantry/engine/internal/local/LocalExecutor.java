package dev.gantry.engine.internal.local;

import dev.gantry.engine.hash.ContentDigest;
import dev.gantry.engine.spi.ExecutionException;
import dev.gantry.engine.spi.HostSteps;
import dev.gantry.engine.spi.LogFileFollower;
import dev.gantry.engine.spi.PreparedStep;
import dev.gantry.engine.spi.RunScope;
import dev.gantry.engine.spi.RunningStep;
import dev.gantry.engine.spi.StepExecutor;
import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs each attempt as a host process, with the step contract's paths and variables
 * pointing at host paths. The process inherits the user's environment, less any
 * {@code GANTRY_} variables of an enclosing run; a step without GPUs gets an empty
 * {@code CUDA_VISIBLE_DEVICES}, so it sees none. A step with {@code checkpoints:} finds its
 * checkpoint directory, which outlives its failed attempts, in {@code GANTRY_CHECKPOINTS}.
 * The program is looked up on the {@code PATH} the step runs with (its {@code env:} may set
 * one), once per name and run; one that is not there fails the step before anything starts.
 * The cache key holds, besides the step's {@code code:} files, what {@link HostIdentity} finds:
 * the program, a script's interpreter, the scripts the command names and the output of the
 * step's {@code fingerprint:} commands.
 *
 * <p>A step's secrets are environment variables of their names, and its output is masked on its
 * way to the log (see {@link MaskingPump}).
 *
 * <p>Each attempt runs in a session of its own ({@link SessionLauncher}) and carries an
 * {@link AttemptToken} in {@code GANTRY_ATTEMPT_TOKEN}; by these the engine finds every process
 * the attempt started, and ends them all when the attempt ends, however it ends.
 */
public final class LocalExecutor implements StepExecutor, HostSteps {
    private final LogFileFollower follower = new LogFileFollower();
    private final ProgramPath programs = new ProgramPath();
    private final HostIdentity host = new HostIdentity(programs);
    private final SessionLauncher sessions;
    private final AtomicBoolean toldNoSessions = new AtomicBoolean();

    /** An executor that looks for {@code setsid} on the engine's own {@code PATH}. */
    public LocalExecutor() {
        this(Optional.ofNullable(System.getenv("PATH")));
    }

    /** An executor that looks for {@code setsid} on {@code enginePath}. */
    LocalExecutor(Optional<String> enginePath) {
        this.sessions = new SessionLauncher(enginePath);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public PreparedStep prepare(PipelineSpec pipeline, StepSpec step, RunScope run) {
        return prepare(name(), pipeline, step, run);
    }

    @Override
    public PreparedStep prepare(String executor, PipelineSpec pipeline, StepSpec step, RunScope run) {
        Path baseDir = run.baseDir();
        ProgramDigests digests = run.memo(ProgramDigests.class, r -> new ProgramDigests(r::hostDigest));
        Map<String, Object> identity = new TreeMap<>();
        identity.put("executor", executor);
        Map<String, String> code = new TreeMap<>();
        for (String file : step.code()) {
            Path path = baseDir.resolve(file);
            if (!Files.exists(path)) {
                throw new ExecutionException("step '" + step.name() + "': code file " + file
                        + " does not exist (looked for " + path + ")");
            }
            code.put(file, ContentDigest.ofPath(path));
        }
        identity.put("code", code);
        // A program, interpreter or script edited on the host must be a miss, not a stale hit.
        host.addTo(identity, pipeline, step, baseDir, digests);
        return PreparedStep.of(identity);
    }

    @Override
    public RunningStep start(StepLaunch launch) throws IOException {
        List<String> command = new ArrayList<>(launch.command());
        ProcessBuilder builder = new ProcessBuilder(command).directory(launch.workdir().toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("GANTRY_"));
        env.putAll(launch.environment());
        env.put("CUDA_VISIBLE_DEVICES", String.join(",", launch.gpuDevices()));
        if (!launch.secrets().files().isEmpty()) {
            throw new IOException("step '" + launch.step().name() + "': the local executor cannot give secrets as"
                    + " files (as: file): " + String.join(", ", launch.secrets().files().keySet()));
        }
        env.putAll(launch.secrets().variables());
        if (launch.step().container().checkpoints().isPresent()) {
            // The host directory behind a container's checkpoints mount: it outlives failed attempts.
            Path checkpoints = Files.createDirectories(launch.stepDir().resolve("checkpoints"));
            env.put("GANTRY_CHECKPOINTS", checkpoints.toString());
        }
        // Last, so that no variable of the step's own can take its place.
        AttemptToken token = AttemptToken.next(launch.runId(), launch.step().name(), launch.attempt());
        env.put(AttemptToken.VARIABLE, token.value());
        String program = launch.command().get(0);
        try {
            command.set(0, programs.resolve(program, Optional.ofNullable(env.get("PATH"))));
            if (sessions.available()) {
                checkExecutable(command.get(0), launch.workdir());
            } else if (toldNoSessions.compareAndSet(false, true)) {
                launch.output().accept(SessionLauncher.MISSING);
            }
            builder.command(sessions.command(command));
            return LocalProcess.start(builder, token, sessions.available(), launch.log(), launch.output(), follower,
                    launch.secrets().mask());
        } catch (IOException e) {
            throw new IOException("cannot start '" + program + "': " + e.getMessage(), e);
        }
    }

    /**
     * Fails as starting {@code program} itself would, where {@code setsid} would otherwise only
     * print why in the log: a path that names no executable file. A name without a slash was
     * found on the step's {@code PATH} already, or is left to {@code setsid} to look for.
     */
    private static void checkExecutable(String program, Path workdir) throws IOException {
        if (program.indexOf('/') < 0) {
            return;
        }
        Path path = workdir.resolve(program);
        if (!Files.isRegularFile(path)) {
            throw new IOException("no such file (looked for " + path + ")");
        }
        if (!Files.isExecutable(path)) {
            throw new IOException("the file is not executable (" + path + ")");
        }
    }
}
