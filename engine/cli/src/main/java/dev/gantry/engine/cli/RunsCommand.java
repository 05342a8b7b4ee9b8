package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gantry runs}: lists runs, newest first. */
@Command(name = "runs", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = "Lists the runs in the store, newest first.")
final class RunsCommand implements Callable<Integer> {
    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Prints a JSON array.")
    boolean json;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        try (RunHistory runs = store.openHistory()) {
            List<RunRecord> list = runs.runs(limit);
            if (json) {
                List<Object> out = new ArrayList<>();
                for (RunRecord r : list) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("run", r.id());
                    o.put("pipeline", r.pipeline());
                    o.put("status", r.status().label());
                    o.put("startedAt", r.startedAt().toString());
                    o.put("endedAt", r.endedAt().map(Instant::toString).orElse(null));
                    out.add(o);
                }
                System.out.println(JsonReports.write(out));
                return ExitCodes.OK;
            }
            if (list.isEmpty()) {
                System.out.println("no runs yet in " + store.dir);
            }
            for (RunRecord r : list) {
                String took = r.endedAt().map(e -> Durations.human(Duration.between(r.startedAt(), e).toMillis()))
                        .orElse("-");
                System.out.println(String.format(Locale.ROOT, "%-23s  %-9s  %s  %8s  %s", r.id(), r.status().label(),
                        LocalTimes.format(r.startedAt()), took, r.pipeline()));
            }
            return ExitCodes.OK;
        }
    }
}
