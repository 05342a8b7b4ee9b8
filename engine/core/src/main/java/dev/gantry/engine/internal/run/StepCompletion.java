package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.StepStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How a step the scheduler started has ended, sent back to the scheduler thread. */
record StepCompletion(
        StepWork work,
        StepStatus status,
        Map<String, OutputArtifact> outputs,
        int attempts,
        Optional<String> message,
        List<String> logTail,
        Optional<Path> log,
        Instant startedAt,
        Instant endedAt) {}
