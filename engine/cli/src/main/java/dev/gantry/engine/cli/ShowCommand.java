package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RecordedFailure;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.cli.format.Durations;
import dev.gantry.spec.ArtifactType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry show}: one run, its params, its steps, their outputs, metric values and failures. */
@Command(name = "show", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = "Shows a run: its params, its steps' status, outputs, metric values and failures.")
final class ShowCommand implements Callable<Integer> {
    /** How many of a failed step's last log lines are shown. */
    static final int LOG_LINES = 5;

    @Parameters(paramLabel = "RUN", description = RunNames.RUN)
    String runId;

    @Option(names = "--json", description = "Prints one JSON object, like 'run --json'.")
    boolean json;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        try (RunHistory runs = store.openHistory()) {
            RunRecord run = store.findRun(runs, runId);
            List<StepRecord> steps = runs.steps(run.id());
            Map<String, String> params = runs.params(run);
            if (json) {
                System.out.println(JsonReports.write(json(runs, run, steps, params)));
                return ExitCodes.OK;
            }
            System.out.println("run       " + run.id());
            System.out.println("pipeline  " + run.pipeline()
                    + run.pipelineFile().map(f -> " (" + ShownPaths.shown(f) + ")").orElse(""));
            System.out.println("status    " + run.status().label());
            run.parentRun().ifPresent(p -> System.out.println("reruns    " + p));
            List<String> tags = runs.tags(run.id());
            if (!tags.isEmpty()) {
                System.out.println("tags      " + String.join(", ", tags) + " (kept by gc)");
            }
            System.out.println("started   " + LocalTimes.format(run.startedAt()) + run.endedAt()
                    .map(e -> ", took " + Durations.human(Duration.between(run.startedAt(), e).toMillis())).orElse(""));
            if (!params.isEmpty()) {
                System.out.println("params    " + params.entrySet().stream().map(p -> p.getKey() + "=" + p.getValue())
                        .collect(Collectors.joining(", ")));
            }
            System.out.println();
            for (StepRecord s : steps) {
                printStep(runs, run, s);
            }
            return ExitCodes.OK;
        }
    }

    private static void printStep(RunHistory runs, RunRecord run, StepRecord s) {
        String took = s.startedAt().flatMap(a -> s.endedAt().map(b -> Duration.between(a, b).toMillis()))
                .map(Durations::human).orElse("");
        String why = s.failureKind().map(k -> k.yamlName() + ": ").orElse("") + s.message().orElse("");
        System.out.println(String.format(Locale.ROOT, "%-10s %-24s %8s  %s", s.status().label(), s.step(), took,
                why).stripTrailing());
        for (Map.Entry<String, OutputArtifact> o : s.outputs().entrySet()) {
            OutputArtifact a = o.getValue();
            System.out.println(String.format(Locale.ROOT, "    %-12s %-8s %s%s  %s", o.getKey(), a.type().yamlName(),
                    a.sha256().substring(0, 12), a.rows().map(r -> "  " + r + " rows").orElse(""), a.path()));
            if (a.type() == ArtifactType.METRICS) {
                runs.metricValues(a).forEach((name, value) -> System.out.println(
                        String.format(Locale.ROOT, "      %-20s %s", name, Numbers.format(value)).stripTrailing()));
            }
        }
        runs.failure(run.id(), s, LOG_LINES).ifPresent(f -> {
            System.out.println("    kind: " + f.kind().yamlName() + f.exitCode().map(c -> ", exit code " + c).orElse(""));
            if (!f.logTail().isEmpty()) {
                System.out.println("    last lines of its log:");
                f.logTail().forEach(line -> System.out.println("      " + line));
            }
            f.log().ifPresent(log -> System.out.println("    log: " + log));
        });
    }

    private static Map<String, Object> json(RunHistory runs, RunRecord run, List<StepRecord> steps,
            Map<String, String> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", run.id());
        out.put("pipeline", run.pipeline());
        out.put("status", run.status().label());
        out.put("startedAt", run.startedAt().toString());
        out.put("pipelineFile", run.pipelineFile().orElse(null));
        out.put("parentRun", run.parentRun().orElse(null));
        out.put("params", params);
        out.put("tags", runs.tags(run.id()));
        List<Object> list = new ArrayList<>();
        for (StepRecord s : steps) {
            Optional<RecordedFailure> failure = runs.failure(run.id(), s, LOG_LINES);
            Map<String, Object> step = JsonReports.step(s.step(), s.status().label(), s.cacheKey().orElse(null),
                    s.outputs(), s.message().orElse(null), s.attempts(), failure.map(ShowCommand::failure)
                            .or(() -> s.failureKind().map(k -> Map.<String, Object>of("kind", k.yamlName())))
                            .orElse(null));
            Map<String, Object> metrics = new LinkedHashMap<>();
            s.outputs().forEach((name, a) -> {
                if (a.type() == ArtifactType.METRICS) {
                    metrics.put(name, runs.metricValues(a));
                }
            });
            step.put("metrics", metrics);
            list.add(step);
        }
        out.put("steps", list);
        return out;
    }

    /** {@code {"kind", "exitCode", "message", "logTail", "log"}}, each where known. */
    private static Map<String, Object> failure(RecordedFailure f) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("kind", f.kind().yamlName());
        f.exitCode().ifPresent(c -> o.put("exitCode", c));
        o.put("message", f.message());
        o.put("logTail", f.logTail());
        f.log().ifPresent(p -> o.put("log", p.toString()));
        return o;
    }
}
