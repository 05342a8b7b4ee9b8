package dev.gantry.spec;

import java.util.Optional;

/**
 * What a step asks of the machine. Each part is optional: an absent part falls back to the
 * pipeline's {@code defaults}, and a step that declares nothing reserves nothing.
 *
 * @param cpus CPU cores to reserve, such as 0.5 or 2
 * @param memory memory to reserve (and, in containers, the limit)
 * @param gpus number of GPU devices the step is given
 */
public record Resources(Optional<Double> cpus, Optional<MemorySize> memory, Optional<Integer> gpus) {
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

    /** These resources, with each absent part taken from {@code fallback}. */
    public Resources orElse(Resources fallback) {
        return new Resources(
                cpus.or(fallback::cpus), memory.or(fallback::memory), gpus.or(fallback::gpus));
    }

    public Resources withCpus(double value) {
        return new Resources(Optional.of(value), memory, gpus);
    }

    public Resources withMemory(MemorySize value) {
        return new Resources(cpus, Optional.of(value), gpus);
    }

    public Resources withGpus(int value) {
        return new Resources(cpus, memory, Optional.of(value));
    }

    public boolean isEmpty() {
        return cpus.isEmpty() && memory.isEmpty() && gpus.isEmpty();
    }
}
