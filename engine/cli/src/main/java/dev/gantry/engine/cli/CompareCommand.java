package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.MetricValue;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.StepRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gantry compare}: runs side by side: their params, their metric values (named
 * {@code step.output.metric}) and their outputs' digests, each row marked where the runs differ.
 */
@Command(name = "compare", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = "Puts runs side by side: params, metric values and which outputs differ.")
final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "RUN", description = "Two or more runs: ids, unique prefixes, or 'last'.")
    List<String> refs;

    @Option(names = "--json", description = "Prints one JSON object.")
    boolean json;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        try (RunHistory history = store.openHistory()) {
            List<RunRecord> runs = refs.stream().map(ref -> store.findRun(history, ref)).toList();
            List<Map<String, String>> params = new ArrayList<>();
            List<Map<String, String>> metrics = new ArrayList<>();
            List<Map<String, String>> outputs = new ArrayList<>();
            for (RunRecord run : runs) {
                params.add(history.params(run));
                Map<String, String> values = new LinkedHashMap<>();
                for (MetricValue m : history.metrics(run.id())) {
                    values.put(m.step() + "." + m.output() + "." + m.name(), Numbers.format(m.value()));
                }
                metrics.add(values);
                Map<String, String> digests = new LinkedHashMap<>();
                for (StepRecord step : history.steps(run.id())) {
                    step.outputs().forEach((name, a) -> digests.put(step.step() + "." + name, a.sha256()));
                }
                outputs.add(digests);
            }
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("runs", runs.stream().map(r -> JsonReports.object("run", r.id(), "pipeline", r.pipeline(),
                        "status", r.status().label())).toList());
                out.put("params", rows(params));
                out.put("metrics", rows(metrics));
                out.put("outputs", rows(outputs));
                System.out.println(JsonReports.write(out));
                return ExitCodes.OK;
            }
            List<String> header = new ArrayList<>(List.of(""));
            runs.forEach(r -> header.add(r.id()));
            header.add("");
            TextTable table = new TextTable(header.toArray(String[]::new)).keepWhole(header.size() - 1);
            table.add(line("pipeline", runs, RunRecord::pipeline));
            table.add(line("status", runs, r -> r.status().label()));
            section(table, "params", runs.size(), params, Function.identity());
            section(table, "metrics", runs.size(), metrics, Function.identity());
            section(table, "outputs", runs.size(), outputs, digest -> digest.substring(0, 12));
            table.print();
            return ExitCodes.OK;
        }
    }

    private static List<String> line(String name, List<RunRecord> runs, Function<RunRecord, String> value) {
        List<String> row = new ArrayList<>(List.of(name));
        runs.forEach(r -> row.add(value.apply(r)));
        row.add(runs.stream().map(value).distinct().count() > 1 ? "differs" : "");
        return row;
    }

    private static void section(TextTable table, String title, int runs, List<Map<String, String>> values,
            Function<String, String> shown) {
        Map<String, Map<String, Object>> rows = rows(values);
        List<String> heading = new ArrayList<>(List.of(title));
        for (int i = 0; i <= runs; i++) {
            heading.add("");
        }
        table.add(heading);
        rows.forEach((name, row) -> {
            List<String> cells = new ArrayList<>(List.of("  " + name));
            for (Object value : (List<?>) row.get("values")) {
                cells.add(value == null ? "-" : shown.apply(value.toString()));
            }
            cells.add((Boolean) row.get("differs") ? "differs" : "");
            table.add(cells);
        });
    }

    /** Each name that any run has, with every run's value (null where it has none) and whether they differ. */
    private static Map<String, Map<String, Object>> rows(List<Map<String, String>> values) {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        values.forEach(v -> v.keySet().forEach(name -> rows.computeIfAbsent(name, n -> new LinkedHashMap<>())));
        rows.forEach((name, row) -> {
            List<String> each = values.stream().map(v -> v.get(name)).toList();
            row.put("values", each);
            row.put("differs", each.stream().anyMatch(v -> !Objects.equals(v, each.get(0))));
        });
        return rows;
    }
}
