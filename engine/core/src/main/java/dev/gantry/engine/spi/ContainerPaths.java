package dev.gantry.engine.spi;

import dev.gantry.engine.hash.ContentDigest;
import dev.gantry.spec.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a container executor mounts of a step besides its inputs, worked out the same way by
 * each: its {@code code:} files, under {@link #PIPELINE} at their paths relative to the
 * pipeline, and the one directory its outputs are written in, under {@link #OUTPUTS}.
 */
public final class ContainerPaths {
    /** Where a step's {@code code:} files are, at their paths relative to the pipeline's directory. */
    public static final String PIPELINE = "/gantry/pipeline";
    /** Where a step writes its outputs: its attempt's scratch directory. */
    public static final String OUTPUTS = "/gantry/outputs";

    private ContainerPaths() {}

    /**
     * A code file of a step.
     *
     * @param written the path as the step writes it
     * @param path where it is on this machine
     * @param target where the container sees it: {@code /gantry/pipeline/RELATIVE}
     * @param digest its content's digest, for the step's cache key
     */
    public record CodeFile(String written, Path path, String target, String digest) {}

    /**
     * The step's code files, each checked and digested.
     *
     * @throws ExecutionException naming a file that does not exist, or that is outside the
     *     pipeline's directory and so cannot be mounted under {@link #PIPELINE}
     */
    public static List<CodeFile> codeFiles(StepSpec step, Path baseDir) {
        List<CodeFile> files = new ArrayList<>();
        for (String file : step.code()) {
            Path path = baseDir.resolve(file).normalize();
            if (!Files.exists(path)) {
                throw new ExecutionException("step '" + step.name() + "': code file " + file
                        + " does not exist (looked for " + path + ")");
            }
            if (!path.startsWith(baseDir.normalize())) {
                throw new ExecutionException("step '" + step.name() + "': code file " + file + " is outside the"
                        + " pipeline's directory, so it cannot be mounted under " + PIPELINE);
            }
            String relative = baseDir.normalize().relativize(path).toString().replace('\\', '/');
            files.add(new CodeFile(file, path, PIPELINE + "/" + relative, ContentDigest.ofPath(path)));
        }
        return files;
    }

    /**
     * The directory every output's scratch path is in, mounted at {@link #OUTPUTS}; empty for a
     * step without outputs.
     *
     * @throws IOException when the outputs are in two directories, which one mount cannot show
     */
    public static Optional<Path> outputsDir(StepLaunch launch) throws IOException {
        Optional<Path> dir = Optional.empty();
        for (Path output : launch.outputs().values()) {
            Path parent = output.toAbsolutePath().getParent();
            if (dir.isPresent() && !dir.get().equals(parent)) {
                throw new IOException("step '" + launch.step().name() + "': its outputs are in two directories, "
                        + dir.get() + " and " + parent + ", but one is mounted at " + OUTPUTS);
            }
            dir = Optional.of(parent);
        }
        return dir;
    }

    /**
     * The working directory in the container: {@code workdir} if absolute, else under
     * {@link #PIPELINE}, where the code files are; for a step with neither, the image's (empty).
     */
    public static Optional<String> workdir(StepSpec step, boolean hasCode) {
        if (step.workdir().isPresent()) {
            String dir = step.workdir().get();
            return Optional.of(dir.startsWith("/") ? dir : PIPELINE + "/" + dir);
        }
        return hasCode ? Optional.of(PIPELINE) : Optional.empty();
    }
}
