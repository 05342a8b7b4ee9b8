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
 * A step's secrets are environment variables of their names, and its output is masked on its
 * way to the log (see {@link MaskingPump}).
 */
public final class LocalExecutor implements StepExecutor {
    private final LogFollower follower = new LogFollower();
    private final ProgramPath programs = new ProgramPath();

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Map<String, Object> environmentIdentity(PipelineSpec pipeline, StepSpec step, Path baseDir) {
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
        String program = launch.command().get(0);
        try {
            command.set(0, programs.resolve(program, Optional.ofNullable(env.get("PATH"))));
            return LocalProcess.start(builder, launch.log(), launch.output(), follower, launch.secrets().mask());
        } catch (IOException e) {
            throw new IOException("cannot start '" + program + "': " + e.getMessage(), e);
        }
    }
}
