package dev.gantry.engine.exec;

import dev.gantry.engine.hash.Sha256;
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
 */
public final class LocalExecutor implements StepExecutor {
    private final LogFollower follower = new LogFollower();
    private final ProgramPath programs = new ProgramPath();
    private final HostIdentity host = new HostIdentity(programs);

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Map<String, Object> environmentIdentity(PipelineSpec pipeline, StepSpec step, Path baseDir,
            ProgramDigests digests) {
        Map<String, Object> identity = new TreeMap<>();
        identity.put("executor", name());
        Map<String, String> code = new TreeMap<>();
        for (String file : step.code()) {
            Path path = baseDir.resolve(file);
            if (!Files.exists(path)) {
                throw new ExecutionException("step '" + step.name() + "': code file " + file
                        + " does not exist (looked for " + path + ")");
            }
            code.put(file, Sha256.ofPath(path));
        }
        identity.put("code", code);
        // A program, interpreter or script edited on the host must be a miss, not a stale hit.
        host.addTo(identity, pipeline, step, baseDir, digests);
        return identity;
    }

    @Override
    public RunningStep start(StepLaunch launch) throws IOException {
        List<String> command = new ArrayList<>(launch.command());
        ProcessBuilder builder = new ProcessBuilder(command).directory(launch.workdir().toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("GANTRY_"));
        env.putAll(launch.environment());
        env.put("CUDA_VISIBLE_DEVICES", String.join(",", launch.gpuDevices()));
        if (launch.step().container().checkpoints().isPresent()) {
            // The host directory behind a container's checkpoints mount: it outlives failed attempts.
            Path checkpoints = Files.createDirectories(launch.stepDir().resolve("checkpoints"));
            env.put("GANTRY_CHECKPOINTS", checkpoints.toString());
        }
        String program = launch.command().get(0);
        try {
            command.set(0, programs.resolve(program, Optional.ofNullable(env.get("PATH"))));
            return LocalProcess.start(builder, launch.log(), launch.output(), follower);
        } catch (IOException e) {
            throw new IOException("cannot start '" + program + "': " + e.getMessage(), e);
        }
    }
}
