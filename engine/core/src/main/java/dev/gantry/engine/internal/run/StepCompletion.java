package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.Resources;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a step the scheduler started has ended, sent back to the scheduler thread, with the
 * resources it held at the end (more memory than it started with, after a retry that grew it).
 */
record StepCompletion(
        StepWork work,
        Resources held,
        StepStatus status,
        Map<String, OutputArtifact> outputs,
        int attempts,
        Optional<String> message,
        Optional<StepFailure> failure,
        List<String> logTail,
        Optional<Path> log,
        Instant startedAt,
        Instant endedAt) {}
