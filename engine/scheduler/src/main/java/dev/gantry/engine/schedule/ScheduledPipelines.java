package dev.gantry.engine.schedule;

import java.nio.file.Path;
import java.util.List;

/** Finds scheduled pipelines in files and directories, for commands that list them. */
public final class ScheduledPipelines {
    /**
     * What was found.
     *
     * @param pipelines the scheduled pipelines, by name
     * @param problems one message per file that could not be used
     */
    public record Found(List<ScheduledPipeline> pipelines, List<String> problems) {}

    private ScheduledPipelines() {}

    public static Found find(List<Path> roots) {
        PipelineScanner.Scan scan = new PipelineScanner().scan(roots);
        return new Found(List.copyOf(scan.pipelines().values()), scan.problems());
    }
}
