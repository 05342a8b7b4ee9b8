package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunFilter;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.RunTrigger;
import dev.gantry.engine.cli.format.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gantry runs}: lists runs, newest first, each with the params it changed. A param counts
 * as changed when its value differs from the default its pipeline file declares today
 * ({@link RunHistory#declaredParams}); a run whose file is gone shows every param.
 */
@Command(name = "runs", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = "Lists the runs in the store, newest first, with the params each changed.")
final class RunsCommand implements Callable<Integer> {
    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--pipeline", paramLabel = "NAME", description = "Only runs of this pipeline.")
    Optional<String> pipeline = Optional.empty();

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only runs with this status: running, succeeded, failed, cancelled or crashed.")
    Optional<String> status = Optional.empty();

    @Option(names = "--trigger", paramLabel = "TRIGGER", description = "Only runs started this way: "
            + "cli, schedule, ui or api.")
    Optional<String> trigger = Optional.empty();

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only runs started since: an age (7d, 12h, 30m) or an ISO time (2026-12-01T08:00).")
    Optional<String> since = Optional.empty();

    @Option(names = "--json", description = "Prints a JSON array.")
    boolean json;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        RunFilter filter = filter();
        try (RunHistory runs = store.openHistory()) {
            List<RunRecord> list = runs.runs(filter);
            Map<String, Optional<Map<String, String>>> defaults = new HashMap<>();
            List<Object> out = new ArrayList<>();
            TextTable table = new TextTable("RUN", "STATUS", "STARTED", "TOOK", "PIPELINE", "PARAMS").alignRight(3)
                    .keepWhole(0).keepWhole(1).keepWhole(2).keepWhole(3);
            for (RunRecord r : list) {
                Map<String, String> params = runs.params(r);
                Map<String, String> changed = changed(params, defaults.computeIfAbsent(
                        r.baseDir() + "\0" + r.pipelineFile().orElse(""), key -> runs.declaredParams(r)));
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("run", r.id());
                    o.put("pipeline", r.pipeline());
                    o.put("status", r.status().label());
                    o.put("startedAt", r.startedAt().toString());
                    o.put("endedAt", r.endedAt().map(Instant::toString).orElse(null));
                    o.put("trigger", r.trigger().label());
                    o.put("params", params);
                    o.put("changedParams", changed);
                    out.add(o);
                }
                String took = r.endedAt().map(e -> Durations.human(Duration.between(r.startedAt(), e).toMillis()))
                        .orElse("-");
                table.add(r.id(), r.status().label(), LocalTimes.formatShort(r.startedAt()), took, r.pipeline(),
                        changed.entrySet().stream().map(p -> p.getKey() + "=" + p.getValue())
                                .collect(Collectors.joining(" ")));
            }
            if (json) {
                System.out.println(JsonReports.write(out));
            } else if (list.isEmpty()) {
                System.out.println(filtered() ? "no runs match in " + store.dir() : "no runs yet in " + store.dir());
            } else {
                table.print();
            }
            return ExitCodes.OK;
        }
    }

    /** The params whose value is not {@code declared}'s; all of them when nothing is declared. */
    private static Map<String, String> changed(Map<String, String> params, Optional<Map<String, String>> declared) {
        Map<String, String> changed = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (declared.isEmpty() || !value.equals(declared.get().get(name))) {
                changed.put(name, value);
            }
        });
        return changed;
    }

    private boolean filtered() {
        return pipeline.isPresent() || status.isPresent() || trigger.isPresent() || since.isPresent();
    }

    private RunFilter filter() {
        if (limit < 1 || limit > RunFilter.MAX_LIMIT) {
            throw new UsageException("--limit must be 1 to " + RunFilter.MAX_LIMIT + ", was " + limit);
        }
        RunFilter filter = RunFilter.newest(limit);
        if (pipeline.isPresent()) {
            filter = filter.withPipeline(pipeline.get());
        }
        if (status.isPresent()) {
            filter = filter.withStatus(Arrays.stream(RunStatus.values())
                    .filter(s -> s.label().equalsIgnoreCase(status.get())).findFirst()
                    .orElseThrow(() -> new UsageException("--status '" + status.get() + "' is not a status; use one of "
                            + Arrays.stream(RunStatus.values()).map(RunStatus::label).collect(Collectors.joining(", ")))));
        }
        if (trigger.isPresent()) {
            filter = filter.withTrigger(RunTrigger.fromLabel(trigger.get()).orElseThrow(() -> new UsageException(
                    "--trigger '" + trigger.get() + "' is not a trigger; use one of "
                            + Arrays.stream(RunTrigger.values()).map(RunTrigger::label).collect(Collectors.joining(", ")))));
        }
        if (since.isPresent()) {
            filter = filter.withStartedFrom(Since.parse(since.get(), Instant.now(), ZoneId.systemDefault()));
        }
        return filter;
    }
}
