package dev.gantry.validation;

import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds dependency cycles between steps with plain depth- and breadth-first searches. Each
 * group of steps that depend on one another in a circle is reported once, as one cycle that
 * starts and ends at the group's alphabetically first step, so the same pipeline always gives
 * the same message. Self-dependencies are left out: the validator reports those on their own.
 */
final class CycleFinder {
    /** Step name to the names of the steps that depend on it, sorted. */
    private final Map<String, List<String>> downstream = new HashMap<>();
    /** Step name to the names of the steps it depends on, sorted. */
    private final Map<String, List<String>> upstream = new HashMap<>();

    private CycleFinder(PipelineSpec spec) {
        for (StepSpec step : spec.steps().values()) {
            for (String dependency : step.upstreamSteps()) {
                if (spec.steps().containsKey(dependency) && !dependency.equals(step.name())) {
                    downstream.computeIfAbsent(dependency, k -> new ArrayList<>()).add(step.name());
                    upstream.computeIfAbsent(step.name(), k -> new ArrayList<>()).add(dependency);
                }
            }
        }
        downstream.values().forEach(Collections::sort);
        upstream.values().forEach(Collections::sort);
    }

    /**
     * The cycles in {@code spec}, each as step names in data-flow order with the first name
     * repeated at the end, such as {@code [a, b, c, a]}: a runs before b, b before c, c before a.
     * Cycles come in the alphabetical order of their first steps.
     */
    static List<List<String>> find(PipelineSpec spec) {
        CycleFinder finder = new CycleFinder(spec);
        List<List<String>> cycles = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        Set<String> suspects = finder.notTopologicallySortable(spec.steps().keySet());
        for (String name : new TreeSet<>(suspects)) {
            if (reported.contains(name)) {
                continue;
            }
            Set<String> forward = reachable(name, finder.downstream);
            if (!forward.contains(name)) {
                continue;
            }
            Set<String> group = new HashSet<>(forward);
            group.retainAll(reachable(name, finder.upstream));
            reported.addAll(group);
            cycles.add(finder.shortestCycle(name, group));
        }
        return cycles;
    }

    /**
     * The steps that a topological sort (Kahn's algorithm, linear time) cannot place: those on
     * a cycle and those downstream of one. Only these need the slower search for cycles, so an
     * acyclic pipeline of thousands of steps is checked in linear time.
     */
    private Set<String> notTopologicallySortable(Set<String> steps) {
        Map<String, Integer> waiting = new HashMap<>();
        Deque<String> free = new ArrayDeque<>();
        for (String step : steps) {
            int n = upstream.getOrDefault(step, List.of()).size();
            waiting.put(step, n);
            if (n == 0) {
                free.add(step);
            }
        }
        Set<String> left = new HashSet<>(steps);
        while (!free.isEmpty()) {
            String step = free.pop();
            left.remove(step);
            for (String next : downstream.getOrDefault(step, List.of())) {
                if (waiting.merge(next, -1, Integer::sum) == 0) {
                    free.add(next);
                }
            }
        }
        return left;
    }

    /** Every step reachable from {@code start} through one edge or more, start included only if on a cycle. */
    private static Set<String> reachable(String start, Map<String, List<String>> edges) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(edges.getOrDefault(start, List.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(edges.getOrDefault(next, List.of()));
            }
        }
        return seen;
    }

    /** The shortest way from {@code start} back to itself within {@code group}, neighbours tried in name order. */
    private List<String> shortestCycle(String start, Set<String> group) {
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String step = queue.removeFirst();
            for (String next : downstream.getOrDefault(step, List.of())) {
                if (next.equals(start)) {
                    LinkedList<String> cycle = new LinkedList<>(List.of(start));
                    for (String s = step; !s.equals(start); s = cameFrom.get(s)) {
                        cycle.addFirst(s);
                    }
                    cycle.addFirst(start);
                    return List.copyOf(cycle);
                }
                if (group.contains(next) && !cameFrom.containsKey(next)) {
                    cameFrom.put(next, step);
                    queue.addLast(next);
                }
            }
        }
        throw new IllegalStateException("step '" + start + "' was found on a cycle but no way back was found");
    }
}
