package dev.gantry.engine.spi;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * What an executor can run at once, which the engine hands out to a run's steps as they start:
 * CPU cores, memory and GPU devices by id. The local and Docker executors share this machine's;
 * a cluster's executor may be bounded by a quota, or not at all.
 *
 * @param cpus the cores, or {@link Double#POSITIVE_INFINITY}
 * @param memoryBytes the memory, or {@link Long#MAX_VALUE}
 * @param gpus the GPU device ids steps may be given
 * @param where what holds it, for messages: "this machine", "the cluster"
 * @param clusterAssignsGpus whether the executor's cluster gives steps their GPU devices itself
 *     (Slurm's {@code --gres}, Kubernetes' device plugin): the engine then admits a step that asks
 *     for GPUs without counting them, and gives it no device ids
 */
public record Capacity(double cpus, long memoryBytes, List<String> gpus, String where, boolean clusterAssignsGpus) {
    public Capacity {
        gpus = List.copyOf(gpus);
        if (!(cpus > 0)) {
            throw new IllegalArgumentException("cpus must be positive, was " + cpus);
        }
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("memoryBytes must be positive, was " + memoryBytes);
        }
    }

    /** What a machine holds: GPUs are the devices named. */
    public Capacity(double cpus, long memoryBytes, List<String> gpus, String where) {
        this(cpus, memoryBytes, gpus, where, false);
    }

    /**
     * No bound on cores, memory or GPUs: what a cluster's scheduler sorts out itself, placing
     * each step where what it asks for is free and giving it its GPU devices.
     */
    public static Capacity unbounded(String where) {
        return new Capacity(Double.POSITIVE_INFINITY, Long.MAX_VALUE, List.of(), where, true);
    }

    /**
     * This machine's cores, and its memory and GPU devices ({@code GANTRY_GPUS}, else what
     * {@code nvidia-smi} lists) where a run needs them: asking for either costs a start tens of
     * milliseconds, which a run whose steps declare neither need not pay.
     */
    public static Capacity ofThisMachine(boolean needsMemory, boolean needsGpus) {
        long memory = needsMemory ? ((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() : Long.MAX_VALUE;
        return new Capacity(Runtime.getRuntime().availableProcessors(), memory,
                needsGpus ? GpuInventory.discover() : List.of(), "this machine");
    }
}
