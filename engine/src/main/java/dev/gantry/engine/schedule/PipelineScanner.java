package dev.gantry.engine.schedule;

import dev.gantry.engine.hash.Sha256;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.validation.InvalidPipelineException;
import dev.gantry.yaml.PipelineYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds the scheduled pipelines among files and directories (walked for *.yaml and *.yml).
 * A scanner remembers what each file held, so rescanning every few seconds parses and
 * validates only the files whose content changed.
 */
final class PipelineScanner {
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
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(file + ": cannot read: " + e.getMessage());
                continue;
            }
            String hash = Sha256.ofText(text);
            Parsed result = parsed.get(file);
            if (result == null || !result.contentHash().equals(hash)) {
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

    private static List<Path> files(List<Path> roots, List<String> problems) {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isRegularFile(root)) {
                files.add(root.toAbsolutePath().normalize());
            } else if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
                    walk.filter(p -> !p.toString().contains("/.gantry/") && !p.toString().contains("/target/"))
                            .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                            .filter(Files::isRegularFile)
                            .map(p -> p.toAbsolutePath().normalize())
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    problems.add(root + ": cannot list: " + e.getMessage());
                }
            } else {
                problems.add(root + ": no such file or directory");
            }
        }
        return files;
    }
}
