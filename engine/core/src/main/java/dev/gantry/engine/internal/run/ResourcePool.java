package dev.gantry.engine.internal.run;

import dev.gantry.engine.spi.Capacity;
import dev.gantry.spec.Resources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The executor's capacity, handed out to running steps: a number of parallel slots, CPU
 * cores, memory and GPU devices by id. A GPU goes to one step at a time, except that steps
 * which all allow it ({@code shareGpus}) may hold the same GPU together. Used by the
 * scheduler thread only.
 */
final class ResourcePool {
    private final int slots;
    private final double cpus;
    private final long memoryBytes;
    private final String where;
    private final Deque<String> freeGpus;
    /** Whether the executor's cluster hands out GPUs itself, so that the pool counts none. */
    private final boolean clusterAssignsGpus;
    /** GPUs held by steps that share them, with how many such steps hold each. */
    private final Map<String, Integer> sharedGpus = new LinkedHashMap<>();
    private final int gpuCount;
    private int usedSlots;
    private double usedCpus;
    private long usedMemory;

    ResourcePool(int slots, Capacity capacity) {
        this.slots = slots;
        this.cpus = capacity.cpus();
        this.memoryBytes = capacity.memoryBytes();
        this.where = capacity.where();
        this.freeGpus = new ArrayDeque<>(capacity.gpus());
        this.gpuCount = capacity.gpus().size();
        this.clusterAssignsGpus = capacity.clusterAssignsGpus();
    }

    /** How many steps may hold resources at once. */
    int slots() {
        return slots;
    }

    /** Why a step could never run here, however long it waited; empty when it can. */
    Optional<String> neverFits(Resources r) {
        if (r.cpus().orElse(0.0) > cpus) {
            return Optional.of("asks for " + r.cpus().get() + " cpus but " + where + " has " + cpus);
        }
        if (r.memory().map(m -> m.bytes() > memoryBytes).orElse(false)) {
            return Optional.of("asks for " + r.memory().get() + " of memory but " + where + " has "
                    + (memoryBytes >> 20) + "m");
        }
        if (r.gpus().orElse(0) > gpuCount && !clusterAssignsGpus) {
            return Optional.of("asks for " + r.gpus().get() + " GPUs but " + (gpuCount == 0
                    ? "no GPU was found (nvidia-smi lists none; set GANTRY_GPUS=0,1,... to name devices)"
                    : "only " + gpuCount + " are available"));
        }
        return Optional.empty();
    }

    /** Reserves what {@code r} asks for and returns the GPU ids given, or empty if it does not fit now. */
    Optional<List<String>> tryAcquire(Resources r) {
        double c = r.cpus().orElse(0.0);
        long m = r.memory().map(x -> x.bytes()).orElse(0L);
        int g = clusterAssignsGpus ? 0 : r.gpus().orElse(0);
        boolean fits = usedSlots < slots
                && (c == 0 || usedCpus + c <= cpus + 1e-9)
                && (m == 0 || usedMemory + m <= memoryBytes)
                && g <= freeGpus.size() + (r.sharesGpus() ? sharedGpus.size() : 0);
        if (!fits) {
            return Optional.empty();
        }
        usedSlots++;
        usedCpus += c;
        usedMemory += m;
        List<String> given = new ArrayList<>();
        if (r.sharesGpus()) {
            // Join GPUs already shared first, to leave whole GPUs for steps that need them alone.
            for (String id : List.copyOf(sharedGpus.keySet())) {
                if (given.size() < g) {
                    sharedGpus.merge(id, 1, Integer::sum);
                    given.add(id);
                }
            }
        }
        while (given.size() < g) {
            String id = freeGpus.poll();
            if (r.sharesGpus()) {
                sharedGpus.put(id, 1);
            }
            given.add(id);
        }
        return Optional.of(given);
    }

    /** Gives back what {@link #tryAcquire} reserved. */
    /**
     * Takes {@code extraBytes} more memory for a running step, whose retry needs more than it
     * holds: true when they are free now. Why it can never fit is {@link #neverFits}'s to say.
     */
    boolean tryGrowMemory(long extraBytes) {
        if (usedMemory + extraBytes > memoryBytes) {
            return false;
        }
        usedMemory += extraBytes;
        return true;
    }

    void release(Resources r, List<String> gpus) {
        usedSlots--;
        usedCpus -= r.cpus().orElse(0.0);
        usedMemory -= r.memory().map(x -> x.bytes()).orElse(0L);
        if (!r.sharesGpus()) {
            freeGpus.addAll(gpus);
            return;
        }
        for (String id : gpus) {
            if (sharedGpus.merge(id, -1, Integer::sum) == 0) {
                sharedGpus.remove(id);
                freeGpus.add(id);
            }
        }
    }
}
