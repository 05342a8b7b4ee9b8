package dev.gantry.engine.cli;

import dev.gantry.engine.api.Selection;
import dev.gantry.engine.internal.plan.ExecutionPlan;
import dev.gantry.engine.internal.plan.Planner;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.Matrices;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry graph}: prints a pipeline's DAG. */
@Command(name = "graph", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = "Prints the pipeline's steps and the artifacts between them, in run order.")
final class GraphCommand implements Callable<Integer> {
    enum Format { text, mermaid, dot }

    @Parameters(paramLabel = "FILE", description = "The pipeline file (YAML).")
    Path file;

    @Option(names = "--format", defaultValue = "text",
            description = "text, mermaid or dot (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        PipelineSpec spec = PipelineYaml.read(file);
        ExecutionPlan plan = Planner.plan(spec, Selection.ALL);
        Map<String, Optional<String>> matrices = Matrices.roots(spec);
        StringBuilder out = new StringBuilder();
        switch (format) {
            case mermaid -> out.append("flowchart TD\n");
            case dot -> out.append("digraph \"").append(spec.name()).append("\" {\n  rankdir=TB;\n");
            default -> { }
        }
        for (String name : plan.order()) {
            StepSpec step = spec.steps().get(name);
            switch (format) {
                case mermaid -> edges(step, (from, label) -> out.append("  ").append(id(from)).append(" -->")
                        .append(label.isEmpty() ? "" : "|" + label + "|").append(' ').append(id(name)).append('\n'),
                        () -> out.append("  ").append(id(name)).append('[').append(name).append("]\n"));
                case dot -> edges(step, (from, label) -> out.append("  \"").append(from).append("\" -> \"")
                        .append(name).append('"').append(label.isEmpty() ? "" : " [label=\"" + label + "\"]")
                        .append(";\n"), () -> out.append("  \"").append(name).append("\";\n"));
                default -> out.append(textLine(step, spec, matrices.get(name))).append('\n');
            }
        }
        if (format == Format.dot) {
            out.append("}\n");
        }
        System.out.print(out);
        return ExitCodes.OK;
    }

    private interface Edge {
        void add(String from, String label);
    }

    /** Calls {@code edge} for each dependency of {@code step}, or {@code alone} if it has none. */
    private static void edges(StepSpec step, Edge edge, Runnable alone) {
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
        if (!any) {
            alone.run();
        }
    }

    private static String textLine(StepSpec step, PipelineSpec spec, Optional<String> matrix) {
        List<String> from = step.inputs().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        StringBuilder sb = new StringBuilder(step.name());
        if (!step.matrix().isEmpty()) {
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
