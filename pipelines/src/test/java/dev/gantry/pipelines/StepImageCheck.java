package dev.gantry.pipelines;

import dev.gantry.engine.RequiredService;
import dev.gantry.engine.docker.DockerCheck;
import dev.gantry.engine.docker.TestDocker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides whether tests of the step image run, skip, or (with {@code CI=true}) fail: the image
 * must exist and be built from the sources in this checkout. {@code .ci/docker-images.sh}
 * labels it with a digest of the files it is built from; an image without the label, or with
 * another digest, would test other code than this.
 */
public final class StepImageCheck extends RequiredService {
    /** The image the pipelines name. */
    public static final String IMAGE = "gantry/steps:dev";
    /** The label that holds the digest of the files the image is built from. */
    static final String SOURCE_LABEL = "dev.gantry.source";
    /** What the image is built from, as {@code .ci/docker-images.sh} lists it. */
    private static final List<String> SOURCES = List.of("pom.xml", "steps/pom.xml", "steps/sdk/pom.xml",
            "steps/builtin/pom.xml", "steps/Dockerfile", "steps/gantry-step", "steps/sdk/src/main",
            "steps/builtin/src/main");

    private static volatile Optional<String> problem;

    public StepImageCheck() {
        super("step image tests", "Build the image with .ci/docker-images.sh to run them",
                ".ci/run builds it with .ci/docker-images.sh");
    }

    /** Why the step image cannot be tested here, or empty when it can. */
    @Override
    protected Optional<String> problem() {
        if (problem == null) {
            problem = DockerCheck.dockerProblem().or(StepImageCheck::probe);
        }
        return problem;
    }

    private static Optional<String> probe() {
        Optional<Map<String, String>> labels;
        try (TestDocker docker = TestDocker.connect()) {
            labels = docker.imageLabels(IMAGE);
        }
        String fix = " (run .ci/docker-images.sh steps)";
        if (labels.isEmpty()) {
            return Optional.of("the Docker daemon has no image " + IMAGE + fix);
        }
        String built = labels.get().getOrDefault(SOURCE_LABEL, "");
        String here = sourceDigest(Path.of("").toAbsolutePath().getParent());
        if (!built.equals(here)) {
            return Optional.of("the image " + IMAGE + " was built from other sources than these (its "
                    + SOURCE_LABEL + " label is '" + built + "', these sources give '" + here + "')" + fix);
        }
        return Optional.empty();
    }

    /**
     * The SHA-256 of what {@code find SOURCES -type f | LC_ALL=C sort | xargs sha256sum} prints,
     * run in {@code root}: one line per file, its digest, two spaces and its path.
     */
    static String sourceDigest(Path root) {
        List<String> files = new ArrayList<>();
        for (String source : SOURCES) {
            try (Stream<Path> walk = Files.walk(root.resolve(source))) {
                walk.filter(Files::isRegularFile).forEach(f -> files.add(root.relativize(f).toString().replace('\\', '/')));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root.resolve(source), e);
            }
        }
        // String order is byte order for ASCII names, as LC_ALL=C sort has it.
        files.sort(null);
        StringBuilder lines = new StringBuilder();
        for (String file : files) {
            try {
                lines.append(sha256(Files.readAllBytes(root.resolve(file)))).append("  ").append(file).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + root.resolve(file), e);
            }
        }
        return sha256(lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
