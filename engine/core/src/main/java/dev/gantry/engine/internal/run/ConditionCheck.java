package dev.gantry.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.hash.CanonicalJson;
import dev.gantry.engine.spi.ExecutionException;
import dev.gantry.spec.Condition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Decides a step's {@code when:} condition from the metrics an earlier step wrote. */
final class ConditionCheck {
    private ConditionCheck() {}

    /**
     * The outcome of a condition.
     *
     * @param holds whether the step runs
     * @param explanation the condition with the values it compared, such as
     *     {@code evaluate.metrics.accuracy >= 0.95 is false (accuracy = 0.947)}
     */
    record Outcome(boolean holds, String explanation) {}

    /**
     * Evaluates {@code condition} of a step, whose source step has finished with outputs in
     * {@code results}; {@code params} are the parameter values the step sees.
     *
     * @throws ExecutionException when the metric is missing or not a number, naming what there is
     */
    static Outcome evaluate(Condition condition, Map<String, String> params, Map<String, StepResult> results) {
        OutputArtifact metrics = results.get(condition.source().step()).outputs().get(condition.source().output());
        JsonNode json;
        try {
            json = CanonicalJson.mapper().readTree(metrics.path().toFile());
        } catch (IOException e) {
            throw new ExecutionException("condition '" + condition + "': cannot read " + condition.source() + ": "
                    + e.getMessage());
        }
        JsonNode value = json.get(condition.metric());
        if (value == null || !value.isNumber()) {
            List<String> numbers = new ArrayList<>();
            json.fields().forEachRemaining(f -> {
                if (f.getValue().isNumber()) {
                    numbers.add(f.getKey());
                }
            });
            throw new ExecutionException("condition '" + condition + "': " + condition.source()
                    + (value == null ? " has no metric '" + condition.metric() + "'"
                            : "'s metric '" + condition.metric() + "' is not a number")
                    + "; its numbers are: " + (numbers.isEmpty() ? "none" : String.join(", ", numbers)));
        }
        String operandText = condition.operandParameter().map(params::get).orElse(condition.operand());
        double operand;
        try {
            operand = Double.parseDouble(operandText);
        } catch (NumberFormatException e) {
            throw new ExecutionException("condition '" + condition + "': parameter "
                    + condition.operandParameter().orElse("?") + " is '" + operandText + "', not a number");
        }
        boolean holds = condition.comparison().test(value.asDouble(), operand);
        String values = condition.metric() + " = " + value.asText()
                + condition.operandParameter().map(p -> ", " + p + " = " + operandText).orElse("");
        return new Outcome(holds, condition + " is " + holds + " (" + values + ")");
    }
}
