package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.PlanException;
import dev.gantry.engine.api.Selection;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.internal.plan.ExecutionPlan;
import dev.gantry.engine.internal.store.CachedOutputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses a selection ({@code --only}, {@code --from}) whose steps would need a step outside it
 * that the cache does not hold, before the run is recorded: such a run could only fail. The
 * steps outside the selection are resolved and looked up as the run would, in order; a step
 * whose upstream is missing is not looked up, and one that cannot be resolved here (a host
 * input gone, say) is left for the run to report as it does any other.
 */
final class SelectionCheck {
    private SelectionCheck() {}

    static void requireCachedUpstream(RunContext run, ExecutionPlan plan, Selection selection, LastRunEntries lastRun) {
        StepKeys keys = new StepKeys(run, false, lastRun);
        Map<String, StepResult> found = new HashMap<>();
        Set<String> unknown = new HashSet<>();
        List<String> missing = new ArrayList<>();
        for (String name : plan.order()) {
            if (!plan.isCacheOnly(name)) {
                continue;
            }
            if (plan.upstream(name).stream().anyMatch(unknown::contains)
                    || run.pipeline.steps().get(name).when().isPresent()) {
                // What it needs is missing, or whether it runs at all is for its condition to say.
                unknown.add(name);
                continue;
            }
            Optional<CachedOutputs> hit;
            try {
                StepKeys.Resolved resolved = keys.resolve(name, found);
                hit = resolved.cacheable() ? keys.lookup(name, resolved.key(), false) : Optional.empty();
            } catch (RuntimeException e) {
                unknown.add(name);
                continue;
            }
            if (hit.isEmpty()) {
                missing.add(name);
                unknown.add(name);
            } else {
                found.put(name, new StepResult(name, StepStatus.CACHED, Optional.empty(), hit.get().outputs(), 0,
                        Duration.ZERO, Optional.empty(), Optional.empty()));
            }
        }
        if (!missing.isEmpty()) {
            String flag = selection.only().map(s -> "--only " + s).orElseGet(() -> "--from " + selection.from().orElseThrow());
            throw new PlanException(flag + ": " + (missing.size() == 1 ? "step '" + missing.get(0) + "' is"
                    : "steps " + quoted(missing) + " are") + " outside the selection and not in the cache, so nothing"
                    + " was run; run " + (missing.size() == 1 ? "it" : "them") + " first (gantry run without "
                    + flag.substring(0, flag.indexOf(' ')) + "), or select from '" + missing.get(0) + "' (--from "
                    + missing.get(0) + ")");
        }
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }
}
