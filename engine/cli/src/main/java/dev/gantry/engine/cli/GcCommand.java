package dev.gantry.engine.cli;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.GcReport;
import dev.gantry.engine.api.KeepReason;
import dev.gantry.engine.api.RetentionPolicy;
import dev.gantry.settings.Retention;
import dev.gantry.settings.SettingsFile;
import dev.gantry.spec.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gantry gc}: removes old runs and the objects nothing kept refers to. */
@Command(name = "gc", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = {
    "Removes old runs, their cache entries and every object that nothing kept refers to, and says what it freed.",
    "Always kept: running runs, tagged runs ('gantry tag') and the runs and objects of model"
        + " versions in the registries named. Without --keep-last or --older-than, the 'retention:'"
        + " setting of the config file applies; without that, every run is kept and only what no run"
        + " refers to goes. Safe beside runs of this and other processes."
})
final class GcCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--keep-last", paramLabel = "N",
            description = "Keeps each pipeline's N newest runs.")
    Optional<Integer> keepLast = Optional.empty();

    @Option(names = "--older-than", paramLabel = "AGE",
            description = "Removes only runs started longer ago than AGE (such as 30d, 12h); with --keep-last, a run"
                    + " goes only when both let it go.")
    Optional<String> olderThan = Optional.empty();

    @Option(names = "--registry", paramLabel = "DIR",
            description = "A model registry whose registered versions keep their runs and objects; repeat for more.")
    List<Path> registries = new ArrayList<>();

    @Option(names = "--dry-run", description = "Reports what would be removed, and removes nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Prints one JSON object.")
    boolean json;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The settings file with the 'retention:' policy (default: gantry.yaml beside the store"
                    + " directory, if there is one).")
    Optional<Path> config = Optional.empty();

    @Override
    public Integer call() {
        if (store.location().databaseUrl().isEmpty() && !Files.exists(store.layout().database())) {
            throw new UsageException("no store at " + store.dir() + " (use --store DIR to name another store)");
        }
        RetentionPolicy policy = policy();
        GcReport report;
        try (Gantry gantry = Gantry.open(store.location())) {
            report = gantry.collectGarbage(policy, dryRun);
        } catch (IllegalArgumentException e) {
            // A model registry that cannot be read: nothing was removed.
            throw new UsageException(e.getMessage() + "; nothing was removed");
        }
        System.out.println(json ? JsonReports.write(json(report)) : text(report));
        return ExitCodes.OK;
    }

    private RetentionPolicy policy() {
        keepLast.filter(n -> n < 0).ifPresent(n -> {
            throw new UsageException("--keep-last must be 0 or more, was " + n);
        });
        Optional<Duration> age = olderThan.map(text -> Durations.parse(text).filter(d -> !d.isZero())
                .orElseThrow(() -> new UsageException("--older-than '" + text
                        + "' is not an age such as 30d, 12h or 90m")));
        if (keepLast.isPresent() || age.isPresent()) {
            return new RetentionPolicy(keepLast, age, registries);
        }
        SettingsFile settings = config.map(SettingsFile::read).orElseGet(() -> SettingsFile.forStore(store.dir()));
        return settings.retention().map(GcCommand::policy).orElseGet(RetentionPolicy::keepAll)
                .withRegistries(registries);
    }

    /** The policy that {@code retention:} in a settings file describes. */
    static RetentionPolicy policy(Retention retention) {
        return new RetentionPolicy(retention.keepLast(), retention.olderThan(), retention.registries());
    }

    private static String text(GcReport report) {
        String verb = report.dryRun() ? "would remove" : "removed";
        StringBuilder out = new StringBuilder();
        out.append(verb).append(' ').append(count(report.runsRemoved().size(), "run")).append(", ")
                .append(count(report.cacheEntriesRemoved(), "cache entry", "cache entries")).append(", ")
                .append(count(report.objectsRemoved(), "object")).append(" (")
                .append(Bytes.human(report.bytesFreed())).append(report.dryRun() ? " to free)" : " freed)");
        List<String> kept = new ArrayList<>();
        for (KeepReason reason : KeepReason.values()) {
            int n = report.runsKept().getOrDefault(reason, 0);
            if (n > 0) {
                kept.add(n + " " + reason.label());
            }
        }
        int keptRuns = report.runsKept().values().stream().mapToInt(Integer::intValue).sum();
        out.append("\nkept ").append(count(keptRuns, "run"))
                .append(kept.isEmpty() ? "" : " (" + String.join(", ", kept) + ")").append(" and ")
                .append(count(report.objectsKept(), "object"))
                .append(", in ").append(dev.gantry.engine.cli.format.Durations.human(report.elapsed().toMillis()));
        return out.toString();
    }

    private static String count(long n, String one) {
        return count(n, one, one + "s");
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static Map<String, Object> json(GcReport report) {
        Map<String, Object> kept = new LinkedHashMap<>();
        for (KeepReason reason : KeepReason.values()) {
            kept.put(reason.label(), report.runsKept().getOrDefault(reason, 0));
        }
        return JsonReports.object(
                "dryRun", report.dryRun(),
                "runsRemoved", report.runsRemoved().size(),
                "cacheEntriesRemoved", report.cacheEntriesRemoved(),
                "objectsRemoved", report.objectsRemoved(),
                "bytesFreed", report.bytesFreed(),
                "kept", JsonReports.object("runs", kept, "objects", report.objectsKept()),
                "removedRuns", report.runsRemoved(),
                "elapsedMs", report.elapsed().toMillis());
    }
}
