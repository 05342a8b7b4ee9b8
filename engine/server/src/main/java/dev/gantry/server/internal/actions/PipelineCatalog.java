package dev.gantry.server.internal.actions;

import dev.gantry.spec.PipelineSpec;
import dev.gantry.yaml.PipelineYaml;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pipeline files the server may start: those it was given, and the {@code .yaml} and
 * {@code .yml} files in the directories it was given, looked for anew at each request so that
 * added and edited files count at once. A file that does not parse is listed with its problem.
 */
public final class PipelineCatalog {
    /** How deep into a given directory files are looked for. */
    private static final int MAX_DEPTH = 8;

    private final List<Path> roots;

    public PipelineCatalog(List<Path> roots) {
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /**
     * A pipeline file, with its name and its params' defaults (a secret param shows as its
     * marker), or the problem that keeps it from being started.
     */
    public record Entry(Path file, String name, Map<String, String> params, String problem) {
        public boolean startable() {
            return problem == null;
        }
    }

    /** Every pipeline file there is now, by pipeline name; a name two files share keeps the first. */
    public Map<String, Entry> pipelines() {
        Map<String, Entry> found = new LinkedHashMap<>();
        for (Path file : files()) {
            Entry entry = read(file);
            found.putIfAbsent(entry.name(), entry);
        }
        return found;
    }

    private static Entry read(Path file) {
        try {
            PipelineSpec spec = PipelineYaml.read(file);
            Map<String, String> params = new LinkedHashMap<>();
            spec.params().forEach((name, value) -> params.put(name, spec.isSecretParam(name) ? PipelineSpec.SECRET_PARAM : value));
            return new Entry(file, spec.name(), params, null);
        } catch (RuntimeException e) {
            String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            return new Entry(file, base, Map.of(), String.valueOf(e.getMessage()));
        }
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isRegularFile(root)) {
                files.add(root);
            } else if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root, MAX_DEPTH, EnumSet.noneOf(FileVisitOption.class)
                        .toArray(new FileVisitOption[0]))) {
                    walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                            .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
                            .sorted().forEach(files::add);
                } catch (IOException | java.io.UncheckedIOException e) {
                    // A directory that cannot be read offers no pipelines; the others still do.
                }
            }
        }
        return files;
    }
}
