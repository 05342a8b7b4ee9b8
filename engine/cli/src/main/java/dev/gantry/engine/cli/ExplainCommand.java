package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.CacheEntry;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.internal.cache.KeyDiff;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gantry explain}: why a step of a run was or was not cached. */
@Command(name = "explain", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = {
    "Prints the parts of a step's cache key and, when the step ran instead of coming from the cache,",
    "which parts differ from that step's previous cached entry."})
final class ExplainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "A run id, a unique prefix of one, or 'last'.")
    String runId;

    @Parameters(index = "1", paramLabel = "STEP", description = "The step.")
    String step;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        try (RunHistory runs = store.openHistory()) {
            RunRecord run = store.findRun(runs, runId);
            StepRecord s = runs.steps(run.id()).stream().filter(x -> x.step().equals(step)).findFirst()
                    .orElseThrow(() -> new UsageException("run " + run.id() + " has no step '" + step + "'"));
            if (s.cacheKey().isEmpty() || s.keyParts().isEmpty()) {
                System.out.println("step '" + step + "' of run " + run.id() + " was " + s.status().label()
                        + " before its cache key was computed" + s.message().map(m -> " (" + m + ")").orElse(""));
                return ExitCodes.OK;
            }
            String key = s.cacheKey().get();
            System.out.println("step '" + step + "' of run " + run.id() + ": " + s.status().label());
            System.out.println("cache key sha256:" + key);
            KeyDiff.describe(s.keyParts().get()).forEach(line -> System.out.println("  " + line));
            System.out.println();
            if (s.status() == StepStatus.CACHED) {
                System.out.println("hit: " + s.message().orElse("cached"));
                return ExitCodes.OK;
            }
            Instant before = s.startedAt().orElse(Instant.now());
            Optional<CacheEntry> same = runs.cacheEntry(key).filter(e -> e.createdAt().isBefore(before));
            if (same.isPresent()) {
                System.out.println("ran although run " + same.get().runId() + " had cached this key: caching was "
                        + "off for it (--no-cache or cache: false), or an object of that entry was missing");
                return ExitCodes.OK;
            }
            Optional<CacheEntry> previous = runs.previousCacheEntry(step, key, before);
            if (previous.isEmpty()) {
                System.out.println("miss: no earlier cached entry of a step named '" + step + "' to compare with");
                return ExitCodes.OK;
            }
            List<String> changes = KeyDiff.between(previous.get().keyParts(), s.keyParts().get());
            System.out.println("miss: compared with the previous cached entry (run " + previous.get().runId()
                    + ", pipeline " + previous.get().pipeline() + "), these parts changed:");
            changes.forEach(c -> System.out.println("  " + c));
            return ExitCodes.OK;
        }
    }
}
