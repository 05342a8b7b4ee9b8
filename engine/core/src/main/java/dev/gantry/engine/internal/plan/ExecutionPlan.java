package dev.gantry.engine.internal.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The steps a run deals with, in a deterministic topological order (ties broken by name).
 * Steps before a selection are in the plan too, marked cache-only: their outputs must come
 * from the cache, and they never run.
 */
public final class ExecutionPlan {
    private final List<String> order;
    private final Map<String, List<String>> upstream;
    private final Map<String, List<String>> downstream;
    private final Set<String> cacheOnly;

    ExecutionPlan(List<String> order, Map<String, List<String>> upstream,
            Map<String, List<String>> downstream, Set<String> cacheOnly) {
        this.order = List.copyOf(order);
        this.upstream = Map.copyOf(upstream);
        this.downstream = Map.copyOf(downstream);
        this.cacheOnly = Set.copyOf(cacheOnly);
    }

    /** The planned steps, each after everything it depends on. */
    public List<String> order() {
        return order;
    }

    /** The steps {@code step} waits for, within the plan. */
    public List<String> upstream(String step) {
        return upstream.getOrDefault(step, List.of());
    }

    /** The steps waiting for {@code step}, within the plan. */
    public List<String> downstream(String step) {
        return downstream.getOrDefault(step, List.of());
    }

    /** Whether {@code step} is outside the selection and may only come from the cache. */
    public boolean isCacheOnly(String step) {
        return cacheOnly.contains(step);
    }
}
