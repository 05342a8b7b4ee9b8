package dev.gantry.engine.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which runs garbage collection keeps for their age or place, besides those it always keeps
 * (running, tagged, or behind a registered model version; see {@link KeepReason}).
 *
 * <p>With {@code keepLast}, the newest {@code keepLast} runs of each pipeline are kept; with
 * {@code olderThan}, runs started within that time are kept. With both, a run goes only when
 * neither keeps it; with neither, every run is kept and collection removes only what no run
 * refers to.
 *
 * @param keepLast how many of each pipeline's newest runs to keep, at least 0
 * @param olderThan the age past which a run may go, more than zero
 * @param registries model registry directories whose registered versions keep their runs and
 *     objects
 */
public record RetentionPolicy(Optional<Integer> keepLast, Optional<Duration> olderThan, List<Path> registries) {
    public RetentionPolicy {
        keepLast.ifPresent(n -> {
            if (n < 0) {
                throw new IllegalArgumentException("keep-last must be 0 or more, was " + n);
            }
        });
        olderThan.ifPresent(age -> {
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("older-than must be more than zero, was " + age);
            }
        });
        registries = List.copyOf(registries);
    }

    /** Keeps every run: collection removes only what no run refers to. */
    public static RetentionPolicy keepAll() {
        return new RetentionPolicy(Optional.empty(), Optional.empty(), List.of());
    }

    /** This policy, also keeping the runs behind the versions registered in {@code registries}. */
    public RetentionPolicy withRegistries(List<Path> more) {
        List<Path> all = new java.util.ArrayList<>(registries);
        all.addAll(more);
        return new RetentionPolicy(keepLast, olderThan, all);
    }

    /** Whether the policy may remove any run at all. */
    public boolean removesRuns() {
        return keepLast.isPresent() || olderThan.isPresent();
    }
}
