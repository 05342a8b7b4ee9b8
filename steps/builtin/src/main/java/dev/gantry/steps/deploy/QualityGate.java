package dev.gantry.steps.deploy;

import dev.gantry.steps.sdk.ParamException;
import dev.gantry.steps.sdk.StepException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A condition on one metric, written {@code NAME>=VALUE} (also {@code >}, {@code <=}, {@code <}),
 * such as {@code accuracy>=0.93} or {@code log_loss<=0.3}.
 */
record QualityGate(String metric, String operator, double threshold) {
    private static final Pattern SYNTAX = Pattern.compile("\\s*([A-Za-z0-9_.\\-]+)\\s*(>=|<=|>|<)\\s*(\\S+)\\s*");

    /** Parses a gate, or throws a {@link ParamException} echoing the text. */
    static QualityGate parse(String text) {
        Matcher matcher = SYNTAX.matcher(text);
        if (matcher.matches()) {
            try {
                return new QualityGate(matcher.group(1), matcher.group(2), Double.parseDouble(matcher.group(3)));
            } catch (NumberFormatException e) {
                // Reported below with the whole text.
            }
        }
        throw new ParamException("--gate must be METRIC>=VALUE (or >, <=, <), such as accuracy>=0.93, was '" + text + "'");
    }

    /** Returns whether the value passes. */
    boolean passes(double value) {
        switch (operator) {
            case ">=":
                return value >= threshold;
            case ">":
                return value > threshold;
            case "<=":
                return value <= threshold;
            default:
                return value < threshold;
        }
    }

    @Override
    public String toString() {
        return metric + " " + operator + " " + format(threshold);
    }

    /**
     * Checks every gate against the metrics; returns the gates with the values they saw, or throws
     * a {@link StepException} listing every gate that failed.
     */
    static List<String> check(List<QualityGate> gates, Map<String, Double> metrics, Path metricsFile) {
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (QualityGate gate : gates) {
            Optional<Double> value = Optional.ofNullable(metrics.get(gate.metric()));
            if (value.isEmpty()) {
                failed.add(gate + ": " + metricsFile + " has no metric '" + gate.metric() + "'; it has "
                        + String.join(", ", metrics.keySet()));
            } else if (gate.passes(value.get())) {
                passed.add(gate + " (was " + format(value.get()) + ")");
            } else {
                failed.add(gate + ", but it was " + format(value.get()));
            }
        }
        if (!failed.isEmpty()) {
            throw new StepException("the quality gate failed, so nothing was registered or served: "
                    + String.join("; ", failed));
        }
        return passed;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
