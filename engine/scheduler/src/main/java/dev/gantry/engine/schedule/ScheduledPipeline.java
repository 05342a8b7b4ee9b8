package dev.gantry.engine.schedule;

import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.ScheduleSpec;
import java.nio.file.Path;

/**
 * A pipeline file with a schedule, as the scheduler last read it.
 *
 * @param file the file
 * @param spec the pipeline
 * @param contentHash the file's content digest, to notice a change
 */
public record ScheduledPipeline(Path file, PipelineSpec spec, String contentHash) {
    /** The schedule's name: the pipeline's name, the same on every machine that schedules it. */
    public String name() {
        return spec.name();
    }

    public ScheduleSpec schedule() {
        return spec.schedule().orElseThrow();
    }
}
