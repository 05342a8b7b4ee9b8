package dev.gantry.engine.spi;

import dev.gantry.spec.FailureKind;

/**
 * Why an attempt failed, in the executor's terms, where its exit code alone does not say:
 * {@code out of memory (limit 512m)} for a container the kernel killed for its memory, or a
 * daemon that lost the container.
 *
 * @param kind what kind of failure it was
 * @param message the words for it
 */
public record ExitReason(FailureKind kind, String message) {}
