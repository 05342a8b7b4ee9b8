package dev.gantry.engine.schedule;

import dev.gantry.engine.hash.Sha256;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.validation.InvalidPipelineException;
import dev.gantry.yaml.PipelineFileText;
import dev.gantry.yaml.PipelineYaml;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the scheduled pipelines among files and directories (walked for *.yaml and *.yml).
 * A scanner remembers what each file held, so rescanning every few seconds parses and
 * validates only the files whose content changed.
 */
final class PipelineScanner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineScanner.class);
    /** What one file's content gave: a pipeline (scheduled or not), or the problem with it. */
    private record Parsed(String contentHash, Optional<PipelineSpec> spec, Optional<String> problem) {}

    private final Map<Path, Parsed> parsed = new HashMap<>();
    private static final int MAX_DEPTH = 8;

    /**
     * What a scan found.
     *
     * @param pipelines the scheduled pipelines, by schedule name
     * @param problems one line per file that could not be read or validated
     */
    record Scan(Map<String, ScheduledPipeline> pipelines, List<String> problems) {}

    Scan scan(List<Path> roots) {
        Map<String, ScheduledPipeline> found = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<Path> files = files(roots, problems);
        parsed.keySet().retainAll(files);
        for (Path file : files) {
            String text;
            try {
                text = PipelineFileText.read(file);
            } catch (PipelineFileText.UnreadableException e) {
                problems.add(file + ": cannot read: " + e.getMessage());
                continue;
            }
            String hash = Sha256.ofText(text);
            Parsed result = parsed.get(file);
            if (result == null || !result.contentHash().equals(hash)) {
                LOG.debug("{} is new or changed; parsing it", file);
                result = parse(file, text, hash);
                parsed.put(file, result);
            }
            result.problem().ifPresent(problems::add);
            Optional<PipelineSpec> spec = result.spec().filter(s -> s.schedule().isPresent());
            if (spec.isEmpty()) {
                continue;
            }
            ScheduledPipeline pipeline = new ScheduledPipeline(file, spec.get(), hash);
            ScheduledPipeline clash = found.putIfAbsent(pipeline.name(), pipeline);
            if (clash != null) {
                problems.add(file + ": pipeline '" + pipeline.name() + "' is already scheduled from "
                        + clash.file() + "; this file is ignored until one of them is renamed");
            }
        }
        return new Scan(found, problems);
    }

    private static Parsed parse(Path file, String text, String hash) {
        try {
            return new Parsed(hash, Optional.of(PipelineYaml.parse(text, file.toString())), Optional.empty());
        } catch (InvalidPipelineException e) {
            return new Parsed(hash, Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    /**
     * The files named *.yaml or *.yml under {@code roots}, whatever they are: one that is no
     * pipeline file (a FIFO, a device, a directory, a broken link) is reported when it is read,
     * without being opened. A directory that cannot be listed is reported, and the walk goes on.
     */
    private static List<Path> files(List<Path> roots, List<String> problems) {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                walk(root, files, problems);
            } else if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                files.add(root.toAbsolutePath().normalize());
            } else {
                problems.add(root + ": no such file or directory");
            }
        }
        return files;
    }

    private static void walk(Path root, List<Path> files, List<String> problems) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    if (!dir.equals(root) && (name.equals(".gantry") || name.equals("target"))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (isPipelineName(dir)) {
                        found.add(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (isPipelineName(file)) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add(file + ": cannot list: " + e.getMessage());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            problems.add(root + ": cannot list: " + e.getMessage());
        }
        found.stream().map(p -> p.toAbsolutePath().normalize()).sorted().forEach(files::add);
    }

    private static boolean isPipelineName(Path path) {
        String name = path.toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }
}
