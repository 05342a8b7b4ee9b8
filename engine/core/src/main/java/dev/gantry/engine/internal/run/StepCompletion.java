package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.Resources;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * How a step the scheduler started has ended, sent back to the scheduler thread, with the
 * resources it held at the end (more memory than it started with, after a retry that grew it).
 * A failed or cancelled step's failure holds the end of its log, and the log.
 */
record StepCompletion(
        StepWork work,
        Resources held,
        StepStatus status,
        Map<String, OutputArtifact> outputs,
        int attempts,
        Optional<String> message,
        Optional<StepFailure> failure,
        Instant startedAt,
        Instant endedAt) {}
