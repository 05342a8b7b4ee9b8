package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.StepRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry show}: one run, its steps and their outputs. */
@Command(name = "show", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = "Shows a run: its steps, their status and outputs.")
final class ShowCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "A run id, a unique prefix of one, or 'last'.")
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
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("run", run.id());
                out.put("pipeline", run.pipeline());
                out.put("status", run.status().label());
                out.put("startedAt", run.startedAt().toString());
                out.put("pipelineFile", run.pipelineFile().orElse(null));
                out.put("parentRun", run.parentRun().orElse(null));
                List<Object> list = new ArrayList<>();
                for (StepRecord s : steps) {
                    list.add(JsonReports.step(s.step(), s.status().label(), s.cacheKey().orElse(null), s.outputs(),
                            s.message().orElse(null), s.attempts(), s.failureKind()
                                    .map(k -> Map.<String, Object>of("kind", k.yamlName())).orElse(null)));
                }
                out.put("steps", list);
                System.out.println(JsonReports.write(out));
                return ExitCodes.OK;
            }
            System.out.println("run       " + run.id());
            System.out.println("pipeline  " + run.pipeline() + run.pipelineFile().map(f -> " (" + f + ")").orElse(""));
            System.out.println("status    " + run.status().label());
            run.parentRun().ifPresent(p -> System.out.println("reruns    " + p));
            System.out.println("started   " + LocalTimes.format(run.startedAt()) + run.endedAt()
                    .map(e -> ", took " + Durations.human(Duration.between(run.startedAt(), e).toMillis())).orElse(""));
            System.out.println();
            for (StepRecord s : steps) {
                String took = s.startedAt().flatMap(a -> s.endedAt().map(b -> Duration.between(a, b).toMillis()))
                        .map(Durations::human).orElse("");
                String why = s.failureKind().map(k -> k.yamlName() + ": ").orElse("") + s.message().orElse("");
                System.out.println(String.format(Locale.ROOT, "%-10s %-24s %8s  %s", s.status().label(), s.step(), took,
                        why).stripTrailing());
                for (Map.Entry<String, OutputArtifact> o : s.outputs().entrySet()) {
                    OutputArtifact a = o.getValue();
                    System.out.println(String.format(Locale.ROOT, "    %-12s %-8s %s%s  %s", o.getKey(), a.type().yamlName(),
                            a.sha256().substring(0, 12), a.rows().map(r -> "  " + r + " rows").orElse(""), a.path()));
                }
            }
            return ExitCodes.OK;
        }
    }
}
