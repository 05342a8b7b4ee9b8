package dev.gantry.spec;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step's {@code when:} condition: a comparison of a number in an earlier step's
 * {@code metrics} output with a constant or a parameter, such as
 * {@code evaluate.metrics.accuracy >= ${params.min_accuracy}}. A step whose condition is
 * false is skipped, and so is everything that needs its outputs.
 *
 * @param source the metrics output the value is read from
 * @param metric the key of the value in that JSON object
 * @param comparison how the value is compared
 * @param operand a number, or a {@code ${params.NAME}} placeholder
 */
public record Condition(InputSpec.StepOutput source, String metric, Comparison comparison, String operand) {
    /** How to write a condition, for messages. */
    public static final String FORM = "<step>.<output>.<metric> <op> <number or ${params.name}>, "
            + "with <op> one of " + String.join(" ", Comparison.symbols());

    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)\\s*(>=|<=|==|!=|>|<)\\s*(\\S+)\\s*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    public Condition {
        Names.requireNonBlank(metric, "metric");
        Names.requireNonBlank(operand, "operand");
        if (source == null || comparison == null) {
            throw new IllegalArgumentException("a condition needs a source and a comparison");
        }
    }

    /**
     * Reads a condition as written in YAML.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static Condition parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid condition '" + text + "' (write " + FORM + ")");
        }
        String operand = m.group(5);
        if (!NUMBER.matcher(operand).matches() && parameter(operand).isEmpty()) {
            throw new IllegalArgumentException("invalid condition '" + text + "': '" + operand
                    + "' is neither a number nor ${params.<name>}");
        }
        return new Condition(new InputSpec.StepOutput(m.group(1), m.group(2)), m.group(3),
                Comparison.fromSymbol(m.group(4)).orElseThrow(), operand);
    }

    /** The parameter the operand names, when it is {@code ${params.NAME}}. */
    public Optional<String> operandParameter() {
        return parameter(operand);
    }

    private static Optional<String> parameter(String operand) {
        return Placeholders.find(operand).stream()
                .filter(p -> p.text().equals(operand) && p.kind().equals(Placeholders.PARAMS))
                .map(Placeholders.Placeholder::name)
                .findFirst();
    }

    /** This condition reading its value from another step's output, as a matrix trial does. */
    public Condition withSource(InputSpec.StepOutput newSource) {
        return new Condition(newSource, metric, comparison, operand);
    }

    /** The condition as written in YAML. */
    @Override
    public String toString() {
        return source + "." + metric + " " + comparison.symbol() + " " + operand;
    }

    /** The comparisons a condition may make. */
    public enum Comparison {
        AT_LEAST(">=", (a, b) -> a >= b),
        AT_MOST("<=", (a, b) -> a <= b),
        EQUAL("==", (a, b) -> a == b),
        NOT_EQUAL("!=", (a, b) -> a != b),
        ABOVE(">", (a, b) -> a > b),
        BELOW("<", (a, b) -> a < b);

        private final String symbol;
        private final BiPredicate<Double, Double> test;

        Comparison(String symbol, BiPredicate<Double, Double> test) {
            this.symbol = symbol;
            this.test = test;
        }

        public String symbol() {
            return symbol;
        }

        /** Whether {@code value} compares to {@code operand} this way. */
        public boolean test(double value, double operand) {
            return test.test(value, operand);
        }

        static Optional<Comparison> fromSymbol(String symbol) {
            return Arrays.stream(values()).filter(c -> c.symbol.equals(symbol)).findFirst();
        }

        static String[] symbols() {
            return Arrays.stream(values()).map(Comparison::symbol).toArray(String[]::new);
        }
    }
}
