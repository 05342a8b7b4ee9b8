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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Finds the scheduled pipelines among files and directories (walked for *.yaml and *.yml). */
final class PipelineScanner {
    private static final int MAX_DEPTH = 8;

    /**
     * What a scan found.
     *
     * @param pipelines the scheduled pipelines, by schedule name
     * @param problems one line per file that could not be read or validated
     */
    record Scan(Map<String, ScheduledPipeline> pipelines, List<String> problems) {}

    private PipelineScanner() {}

    static Scan scan(List<Path> roots) {
        Map<String, ScheduledPipeline> found = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files(roots, problems)) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                PipelineSpec spec = PipelineYaml.parse(text, file.toString());
                if (spec.schedule().isEmpty()) {
                    continue;
                }
                ScheduledPipeline pipeline = new ScheduledPipeline(file, spec, Sha256.ofText(text));
                ScheduledPipeline clash = found.putIfAbsent(pipeline.name(), pipeline);
                if (clash != null) {
                    problems.add(file + ": pipeline '" + pipeline.name() + "' is already scheduled from "
                            + clash.file() + "; this file is ignored until one of them is renamed");
                }
            } catch (InvalidPipelineException e) {
                problems.add(e.getMessage());
            } catch (IOException e) {
                problems.add(file + ": cannot read: " + e.getMessage());
            }
        }
        return new Scan(found, problems);
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
