package dev.gantry.engine.api;

import java.util.Optional;

/**
 * Where one input of a step of a run came from: the artifact it read, by digest, and the step
 * that first wrote that artifact (in this run, or in an earlier one whose result this run took
 * from the cache), or the host file it was read from.
 *
 * @param step the step that read it
 * @param input the input's name
 * @param sha256 the content digest of what it read
 * @param source how the pipeline names it: {@code train.model} for another step's output, or a
 *     host path
 * @param producer the run, step and output that first wrote it; empty for a host file, or an
 *     artifact no recorded step wrote
 * @param hostFile whether it was read from a host file, which {@code source} names
 */
public record LineageLink(
        String step, String input, String sha256, String source, Optional<Producer> producer, boolean hostFile) {
    /** A link to what another step wrote (not a host file). */
    public LineageLink(String step, String input, String sha256, String source, Optional<Producer> producer) {
        this(step, input, sha256, source, producer, false);
    }

    /** A step of a run that wrote an artifact. */
    public record Producer(String runId, String step, String output) {}

    /** A step of a run that read an artifact, as its input {@code input}. */
    public record Reader(String runId, String step, String input) {}
}
