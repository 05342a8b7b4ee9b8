package dev.gantry.engine.internal.plan;

import dev.gantry.engine.api.PlanException;
import dev.gantry.engine.api.Selection;
import dev.gantry.spec.Matrices;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleDirectedGraph;
import org.jgrapht.traverse.NotDirectedAcyclicGraphException;
import org.jgrapht.traverse.TopologicalOrderIterator;

/** Turns a pipeline and a selection into an {@link ExecutionPlan}. */
public final class Planner {
    private Planner() {}

    /**
     * Plans {@code selection} of {@code pipeline}, which must be valid and have its matrices
     * expanded ({@link Matrices#expand}); selecting a matrix step by name selects its trials.
     */
    public static ExecutionPlan plan(PipelineSpec pipeline, Selection selection) {
        Graph<String, DefaultEdge> graph = graphOf(pipeline);
        Set<String> selected = select(pipeline, graph, selection);
        Set<String> planned = new HashSet<>();
        for (String step : selected) {
            collect(graph, step, planned, false);
        }
        List<String> order = new ArrayList<>();
        TopologicalOrderIterator<String, DefaultEdge> it =
                new TopologicalOrderIterator<>(graph, Comparator.naturalOrder());
        try {
            it.forEachRemaining(step -> {
                if (planned.contains(step)) {
                    order.add(step);
                }
            });
        } catch (NotDirectedAcyclicGraphException e) {
            throw cycle(graph);
        }
        Map<String, List<String>> upstream = new HashMap<>();
        Map<String, List<String>> downstream = new HashMap<>();
        for (String step : order) {
            for (DefaultEdge e : graph.incomingEdgesOf(step)) {
                String from = graph.getEdgeSource(e);
                upstream.computeIfAbsent(step, k -> new ArrayList<>()).add(from);
                downstream.computeIfAbsent(from, k -> new ArrayList<>()).add(step);
            }
        }
        upstream.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        downstream.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        Set<String> cacheOnly = new HashSet<>(planned);
        cacheOnly.removeAll(selected);
        return new ExecutionPlan(order, upstream, downstream, cacheOnly);
    }

    /** The dependency graph: an edge from each step to the steps that wait for it. */
    static Graph<String, DefaultEdge> graphOf(PipelineSpec pipeline) {
        Graph<String, DefaultEdge> graph = new SimpleDirectedGraph<>(DefaultEdge.class);
        pipeline.steps().keySet().forEach(graph::addVertex);
        for (StepSpec step : pipeline.steps().values()) {
            for (String dep : step.upstreamSteps()) {
                if (!graph.containsVertex(dep)) {
                    throw new PlanException("step '" + step.name() + "' depends on unknown step '" + dep + "'");
                }
                if (dep.equals(step.name())) {
                    throw new PlanException("step '" + dep + "' depends on itself");
                }
                graph.addEdge(dep, step.name());
            }
        }
        return graph;
    }

    /**
     * The error for a graph with a cycle. A pipeline read from a file or built with the DSL
     * was validated, which names the cycle's steps in order, so only a spec made some other
     * way gets here: looking for cycles up front took a fifth of the planning of every run.
     */
    private static PlanException cycle(Graph<String, DefaultEdge> graph) {
        List<String> involved = new ArrayList<>(new CycleDetector<>(graph).findCycles());
        involved.sort(Comparator.naturalOrder());
        return new PlanException("dependency cycle among steps " + String.join(", ", involved));
    }

    private static Set<String> select(PipelineSpec pipeline, Graph<String, DefaultEdge> graph, Selection selection) {
        if (selection.only().isPresent()) {
            return new LinkedHashSet<>(requireStep(pipeline, selection.only().get(), "--only"));
        }
        if (selection.from().isPresent()) {
            Set<String> result = new LinkedHashSet<>();
            for (String from : requireStep(pipeline, selection.from().get(), "--from")) {
                collect(graph, from, result, true);
            }
            return result;
        }
        return new LinkedHashSet<>(pipeline.steps().keySet());
    }

    private static void collect(Graph<String, DefaultEdge> graph, String step, Set<String> into, boolean down) {
        if (!into.add(step)) {
            return;
        }
        Set<DefaultEdge> edges = down ? graph.outgoingEdgesOf(step) : graph.incomingEdgesOf(step);
        for (DefaultEdge e : edges) {
            collect(graph, down ? graph.getEdgeTarget(e) : graph.getEdgeSource(e), into, down);
        }
    }

    /** The step named {@code name}, or every trial of it when it is a step with a matrix. */
    private static List<String> requireStep(PipelineSpec pipeline, String name, String option) {
        if (pipeline.steps().containsKey(name)) {
            return List.of(name);
        }
        List<String> trials = new ArrayList<>();
        for (int i = 1; pipeline.steps().containsKey(Matrices.trialName(name, i)); i++) {
            String trial = Matrices.trialName(name, i);
            if (pipeline.steps().get(trial).matrix().binding().isEmpty()) {
                break;
            }
            trials.add(trial);
        }
        if (trials.isEmpty()) {
            throw new PlanException(option + " " + name + ": the pipeline '" + pipeline.name()
                    + "' has no step '" + name + "'; its steps are: " + String.join(", ", pipeline.steps().keySet()));
        }
        return trials;
    }
}
