package dev.gantry.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why an attempt of a step failed, as a kind that a retry policy can name ({@code retry: {on:
 * [timeout, 137]}}) and that the engine reports with every failure.
 */
public enum FailureKind {
    /** The step's program exited with a code other than 0. */
    EXIT_CODE,
    /** The step was killed for using more memory than its limit. */
    OUT_OF_MEMORY,
    /** An attempt ran past the step's {@code timeout:}. */
    TIMEOUT,
    /** The run was cancelled while the step ran. */
    CANCELLED,
    /** The step could not be started as written: its program, code file or image setting is wrong. */
    COULD_NOT_START,
    /**
     * What runs steps failed, not the step: a daemon or cluster that went away, an image that
     * could not be pulled, a full disk.
     */
    INFRASTRUCTURE,
    /** The step exited 0, but an output is missing or not what it declared. */
    INVALID_OUTPUT,
    /**
     * The cluster took the step's resources back before it ended: Slurm preempted its job, or
     * Kubernetes evicted its pod. Nothing was wrong with the step.
     */
    PREEMPTED,
    /**
     * The cluster could not place the step on any node in time: Kubernetes' scheduler found no
     * node with what it asks for ({@code 0/3 nodes are available: 3 Insufficient nvidia.com/gpu}).
     */
    UNSCHEDULABLE;

    /** The name in pipeline files and reports, such as {@code out-of-memory}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind of that name. */
    public static Optional<FailureKind> fromYamlName(String name) {
        return Arrays.stream(values()).filter(k -> k.yamlName().equals(name)).findFirst();
    }
}
