package dev.gantry.engine.api;

import java.time.Instant;
import java.util.Optional;

/**
 * A run as the run store keeps it.
 *
 * @param id the run id
 * @param pipeline the pipeline's name
 * @param status its status; a run whose process died reads as {@code CRASHED}
 * @param startedAt when it started
 * @param endedAt when it ended
 * @param specYaml the exact spec the run used, as YAML
 * @param pipelineFile the file it was read from, if any
 * @param baseDir the directory its relative paths resolved against
 * @param parentRun the run it reran or resumed, if any
 * @param pid the process that ran it
 * @param host the machine that ran it
 * @param pidStart that process's start time in clock ticks since the machine booted, which tells it
 *     from a later process given the same pid; empty for a run recorded by an older Gantry
 * @param trigger what started it
 * @param executor the executor its steps ran on, such as {@code local} or {@code docker}; empty for a run
 *     recorded by an older Gantry
 */
public record RunRecord(
        String id,
        String pipeline,
        RunStatus status,
        Instant startedAt,
        Optional<Instant> endedAt,
        String specYaml,
        Optional<String> pipelineFile,
        String baseDir,
        Optional<String> parentRun,
        long pid,
        String host,
        Optional<Long> pidStart,
        RunTrigger trigger,
        Optional<String> executor) {

    /** This run with another status and end. */
    public RunRecord withEnd(RunStatus newStatus, Instant at) {
        return new RunRecord(id, pipeline, newStatus, startedAt, Optional.of(at), specYaml, pipelineFile, baseDir,
                parentRun, pid, host, pidStart, trigger, executor);
    }
}
