package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.CacheEntry;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.StepExplanation;
import dev.gantry.engine.api.StepExplanation.Verdict;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry explain}: why a step of a run was or was not cached. */
@Command(name = "explain", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = {
    "Says why a step of a run came from the cache or ran.",
    "It prints the parts of the step's cache key and, when the step ran instead of coming from"
        + " the cache, which parts differ from that step's previous cached entry."
})
final class ExplainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = RunNames.RUN)
    String runId;

    @Parameters(index = "1", paramLabel = "STEP", description = "The step.")
    String step;

    @Mixin
    StoreOption store;

    @Option(names = "--json", description = "Prints one JSON object: the verdict, the key's parts and, for a miss, "
            + "the entry compared with and the parts that changed.")
    boolean json;

    @Override
    public Integer call() {
        try (RunHistory runs = store.openHistory()) {
            RunRecord run = store.findRun(runs, runId);
            StepExplanation why = runs.explain(run.id(), step)
                    .orElseThrow(() -> new UsageException("run " + run.id() + " has no step '" + step + "'"));
            if (json) {
                System.out.println(JsonReports.write(json(why)));
                return ExitCodes.OK;
            }
            if (why.verdict() == Verdict.NO_KEY) {
                System.out.println("step '" + step + "' of run " + run.id() + " was " + why.status().label()
                        + " before its cache key was computed" + why.message().map(m -> " (" + m + ")").orElse(""));
                return ExitCodes.OK;
            }
            System.out.println("step '" + step + "' of run " + run.id() + ": " + why.status().label());
            System.out.println("cache key sha256:" + why.cacheKey().orElseThrow());
            why.keyParts().forEach(line -> System.out.println("  " + line));
            System.out.println();
            switch (why.verdict()) {
                case HIT -> System.out.println("hit: " + why.message().orElse("cached"));
                case RAN_ALTHOUGH_CACHED -> System.out.println("ran although run "
                        + why.comparedWith().orElseThrow().runId() + " had cached this key: caching was "
                        + "off for it (--no-cache or cache: false), or an object of that entry was missing");
                case EXPIRED -> System.out.println("expired: " + why.message().orElseThrow());
                case FIRST_MISS -> System.out.println("miss: no earlier cached entry of a step named '" + step
                        + "' to compare with");
                default -> {
                    CacheEntry previous = why.comparedWith().orElseThrow();
                    System.out.println("miss: compared with the previous cached entry (run " + previous.runId()
                            + ", pipeline " + previous.pipeline() + "), these parts changed:");
                    why.changes().forEach(c -> System.out.println("  " + c));
                }
            }
            return ExitCodes.OK;
        }
    }

    /**
     * {@code {"run", "step", "status", "verdict", "cacheKey", "keyParts", "message", "comparedWith",
     * "changes"}}: the fields of the server's explain, with the key parts' values as recorded.
     */
    private static Object json(StepExplanation why) {
        return JsonReports.object("run", why.runId(), "step", why.step(), "status", why.status().label(),
                "verdict", why.verdict().label(), "cacheKey", why.cacheKey().orElse(null),
                "keyParts", why.keyParts(), "message", why.message().orElse(null),
                "comparedWith", why.comparedWith().map(e -> JsonReports.object("run", e.runId(),
                        "pipeline", e.pipeline(), "step", e.step(), "createdAt", e.createdAt().toString())).orElse(null),
                "changes", why.changes());
    }
}
