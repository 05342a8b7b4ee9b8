package dev.gantry.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code retention:} part of the settings file: which runs garbage collection keeps when
 * {@code gantry gc} is given no policy of its own, and when the scheduler collects once a day.
 *
 * <pre>{@code
 * retention:
 *   keep-last: 20            # each pipeline's 20 newest runs
 *   older-than: 30d          # and every run younger than 30 days
 *   registries: [models]     # model registries whose versions keep their runs (relative to this file)
 * }</pre>
 *
 * @param keepLast how many of each pipeline's newest runs to keep
 * @param olderThan the age past which a run may go
 * @param registries model registry directories, resolved against the settings file's directory
 */
public record Retention(Optional<Integer> keepLast, Optional<Duration> olderThan, List<Path> registries) {
    public Retention {
        registries = List.copyOf(registries);
    }

    /** Reads and checks the section; every problem is reported on {@code section}. */
    static Optional<Retention> read(Settings section, Path base) {
        if (section.isEmpty()) {
            return Optional.empty();
        }
        section.allowOnly("keep-last", "older-than", "registries");
        Optional<Integer> keepLast = section.integer("keep-last");
        keepLast.filter(n -> n < 0).ifPresent(n -> section.problem("keep-last",
                "'keep-last' in " + section.context() + " must be 0 or more, was " + n));
        Optional<Duration> olderThan = section.duration("older-than");
        olderThan.filter(d -> d.isZero()).ifPresent(d -> section.problem("older-than",
                "'older-than' in " + section.context() + " must be more than zero"));
        List<Path> registries = section.texts("registries").stream().map(base::resolve).toList();
        if (keepLast.isEmpty() && olderThan.isEmpty() && section.problems().isEmpty()) {
            section.problem("keep-last", section.context() + " keeps every run: give keep-last, older-than or both");
        }
        return Optional.of(new Retention(keepLast, olderThan, registries));
    }
}
