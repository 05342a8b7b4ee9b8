package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.Selection;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.internal.plan.ExecutionPlan;
import dev.gantry.engine.internal.plan.Planner;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.Matrices;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gantry graph}: prints a pipeline's DAG, or a recorded run's with each step's status
 * (its matrices expanded into the trials that ran), as text, Mermaid, DOT or JSON.
 */
@Command(name = "graph", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = {"Prints a pipeline's DAG, or a recorded run's with the status each step ended in.",
            "Steps come in run order, with the artifacts between them."})
final class GraphCommand implements Callable<Integer> {
    enum Format { text, mermaid, dot, json }

    @Parameters(paramLabel = "FILE|RUN", description = "A pipeline file (YAML), or a run: its id, a unique prefix "
            + "of one, or 'last'.")
    String target;

    @Option(names = "--format", defaultValue = "text",
            description = "text, mermaid, dot or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--json", description = "The same as --format json.")
    boolean json;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        Path file = Path.of(target);
        if (Files.exists(file) || target.endsWith(".yaml") || target.endsWith(".yml")) {
            PipelineSpec spec = PipelineYaml.read(file);
            System.out.print(draw(spec, Map.of(), Optional.empty()));
            return ExitCodes.OK;
        }
        try (RunHistory runs = store.openHistory()) {
            RunRecord run = store.findRun(runs, target);
            PipelineSpec spec = Matrices.expand(runs.spec(run));
            Map<String, String> status = new HashMap<>();
            for (StepRecord step : runs.steps(run.id())) {
                status.put(step.step(), step.status().label());
            }
            System.out.print(draw(spec, status, Optional.of(run)));
            return ExitCodes.OK;
        }
    }

    /** The graph of {@code spec}; steps missing from a run's {@code status} were left out of it. */
    private String draw(PipelineSpec spec, Map<String, String> status, Optional<RunRecord> run) {
        ExecutionPlan plan = Planner.plan(spec, Selection.ALL);
        Map<String, Optional<String>> matrices = Matrices.roots(spec);
        Format chosen = json ? Format.json : format;
        StringBuilder out = new StringBuilder();
        List<Object> steps = new ArrayList<>();
        switch (chosen) {
            case mermaid -> out.append("flowchart TD\n");
            case dot -> out.append("digraph \"").append(spec.name()).append("\" {\n  rankdir=TB;\n");
            case text -> run.ifPresent(r -> out.append("run ").append(r.id()).append(" of ").append(r.pipeline())
                    .append(": ").append(r.status().label()).append('\n'));
            default -> { }
        }
        for (String name : plan.order()) {
            StepSpec step = spec.steps().get(name);
            Optional<String> state = run.map(r -> status.getOrDefault(name, NOT_RUN));
            switch (chosen) {
                // A step is declared on a line of its own where no edge names it, or to carry its status.
                case mermaid -> edges(step, (from, label) -> out.append("  ").append(id(from)).append(" -->")
                        .append(label.isEmpty() ? "" : "|" + label + "|").append(' ').append(id(name)).append('\n'),
                        () -> {
                            out.append("  ").append(id(name)).append(state.map(s -> "[\"" + name + " (" + s + ")\"]:::"
                                    + cssClass(s)).orElse("[" + name + "]")).append('\n');
                        }, state.isPresent());
                case dot -> edges(step, (from, label) -> out.append("  \"").append(from).append("\" -> \"")
                        .append(name).append('"').append(label.isEmpty() ? "" : " [label=\"" + label + "\"]")
                        .append(";\n"), () -> {
                            out.append("  \"").append(name).append('"');
                            state.ifPresent(s -> out.append(" [label=\"").append(name).append("\\n").append(s)
                                    .append("\", style=filled, fillcolor=\"").append(colour(s)).append("\"]"));
                            out.append(";\n");
                        }, state.isPresent());
                case json -> steps.add(jsonStep(step, state));
                default -> out.append(state.map(s -> String.format("%-10s ", s)).orElse(""))
                        .append(textLine(step, spec, matrices.get(name))).append('\n');
            }
        }
        switch (chosen) {
            case dot -> out.append("}\n");
            case mermaid -> {
                if (run.isPresent()) {
                    STATUS_COLOURS.forEach((s, c) -> out.append("  classDef ").append(cssClass(s)).append(" fill:")
                            .append(c).append('\n'));
                }
            }
            case json -> out.append(JsonReports.write(JsonReports.object("pipeline", spec.name(),
                    "run", run.map(RunRecord::id).orElse(null), "status", run.map(r -> r.status().label()).orElse(null),
                    "steps", steps))).append('\n');
            default -> { }
        }
        return out.toString();
    }

    private static final String NOT_RUN = "not-run";

    /** The fill of each status in Mermaid and DOT, in the order Mermaid's class definitions are written. */
    private static final Map<String, String> STATUS_COLOURS = new LinkedHashMap<>();

    static {
        STATUS_COLOURS.put("succeeded", "#b7e4c7");
        STATUS_COLOURS.put("cached", "#d8e2dc");
        STATUS_COLOURS.put("failed", "#f4a3a3");
        STATUS_COLOURS.put("running", "#a9d6f5");
        STATUS_COLOURS.put("pending", "#fdf0c2");
        STATUS_COLOURS.put("cancelled", "#e0e0e0");
        STATUS_COLOURS.put("skipped", "#f1f1f1");
        STATUS_COLOURS.put(NOT_RUN, "#ffffff");
    }

    private static String colour(String status) {
        return STATUS_COLOURS.getOrDefault(status, "#ffffff");
    }

    private static String cssClass(String status) {
        return "s_" + status.replace('-', '_');
    }

    private static Map<String, Object> jsonStep(StepSpec step, Optional<String> state) {
        List<Object> from = new ArrayList<>();
        edges(step, (source, label) -> from.add(JsonReports.object("step", source, "via", label)));
        return JsonReports.object("name", step.name(), "status", state.orElse(null), "after", from,
                "outputs", List.copyOf(step.outputs().keySet()));
    }

    private interface Edge {
        void add(String from, String label);
    }

    /**
     * Calls {@code edge} for each dependency of {@code step}, then {@code declare} if it had none
     * or {@code always} is set.
     */
    private static void edges(StepSpec step, Edge edge, Runnable declare, boolean always) {
        boolean any = edges(step, edge);
        if (!any || always) {
            declare.run();
        }
    }

    /** Calls {@code edge} for each dependency of {@code step}; returns whether it had any. */
    private static boolean edges(StepSpec step, Edge edge) {
        boolean any = false;
        for (Map.Entry<String, InputSpec> in : step.inputs().entrySet()) {
            if (in.getValue() instanceof InputSpec.StepOutput ref) {
                edge.add(ref.step(), ref.output());
                any = true;
            } else if (in.getValue() instanceof InputSpec.Collected collected) {
                edge.add(collected.step(), collected.output() + " of every trial");
                any = true;
            }
        }
        if (step.when().isPresent()) {
            edge.add(step.when().get().source().step(), "when");
            any = true;
        }
        for (String after : step.after()) {
            edge.add(after, "");
            any = true;
        }
        return any;
    }

    private static String textLine(StepSpec step, PipelineSpec spec, Optional<String> matrix) {
        List<String> from = step.inputs().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        StringBuilder sb = new StringBuilder(step.name());
        if (step.matrix().binding().isPresent()) {
            // A trial of a recorded run, its matrix expanded: its own values.
            sb.append("  [").append(step.matrix().binding().get().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(", ")))
                    .append(']');
        } else if (!step.matrix().isEmpty()) {
            sb.append("  x").append(step.matrix().combinations().size()).append(" trials over ")
                    .append(String.join(", ", step.matrix().axes().keySet()));
        } else if (matrix.isPresent()) {
            sb.append("  x").append(Matrices.trialCount(spec, matrix.get())).append(", one per trial of ")
                    .append(matrix.get());
        }
        if (!from.isEmpty()) {
            sb.append("  <- ").append(String.join(", ", from));
        }
        if (!step.after().isEmpty()) {
            sb.append("  after ").append(String.join(", ", step.after()));
        }
        step.when().ifPresent(condition -> sb.append("  when ").append(condition));
        if (!step.outputs().isEmpty()) {
            sb.append("  -> ").append(String.join(", ", step.outputs().keySet()));
        }
        return sb.toString();
    }

    private static String id(String step) {
        return step.replace('-', '_');
    }
}
