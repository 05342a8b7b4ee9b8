package dev.gantry.spec;

import java.util.Optional;

/**
 * What a step asks of the machine. Each part is optional: an absent part falls back to the
 * pipeline's {@code defaults}, and a step that declares nothing reserves nothing.
 *
 * @param cpus CPU cores to reserve, such as 0.5 or 2
 * @param memory memory to reserve (and, in containers, the limit)
 * @param gpus number of GPU devices the step is given
 * @param shm the size of {@code /dev/shm} in the step's container; absent means Docker's 64m
 * @param shareGpus whether the step's GPUs may be given to other steps that share theirs too;
 *     absent means no: a step has its GPUs to itself
 */
public record Resources(
        Optional<Double> cpus, Optional<MemorySize> memory, Optional<Integer> gpus, Optional<MemorySize> shm,
        Optional<Boolean> shareGpus) {
    /** Asks for nothing. */
    public static final Resources NONE = new Resources(Optional.empty(), Optional.empty(), Optional.empty());

    public Resources {
        cpus.ifPresent(c -> {
            if (!(c > 0)) throw new IllegalArgumentException("cpus must be > 0, was " + c);
        });
        gpus.ifPresent(g -> {
            if (g < 0) throw new IllegalArgumentException("gpus must be >= 0, was " + g);
        });
    }

    /** CPU, memory and GPUs only. */
    public Resources(Optional<Double> cpus, Optional<MemorySize> memory, Optional<Integer> gpus) {
        this(cpus, memory, gpus, Optional.empty(), Optional.empty());
    }

    /** These resources, with each absent part taken from {@code fallback}. */
    public Resources orElse(Resources fallback) {
        return new Resources(cpus.or(fallback::cpus), memory.or(fallback::memory), gpus.or(fallback::gpus),
                shm.or(fallback::shm), shareGpus.or(fallback::shareGpus));
    }

    public Resources withCpus(double value) {
        return new Resources(Optional.of(value), memory, gpus, shm, shareGpus);
    }

    public Resources withMemory(MemorySize value) {
        return new Resources(cpus, Optional.of(value), gpus, shm, shareGpus);
    }

    public Resources withGpus(int value) {
        return new Resources(cpus, memory, Optional.of(value), shm, shareGpus);
    }

    public Resources withShm(MemorySize value) {
        return new Resources(cpus, memory, gpus, Optional.of(value), shareGpus);
    }

    public Resources withShareGpus(boolean value) {
        return new Resources(cpus, memory, gpus, shm, Optional.of(value));
    }

    /** Whether the step's GPUs may be shared with other steps that allow it too. */
    public boolean sharesGpus() {
        return shareGpus.orElse(false);
    }

    public boolean isEmpty() {
        return cpus.isEmpty() && memory.isEmpty() && gpus.isEmpty() && shm.isEmpty() && shareGpus.isEmpty();
    }
}
