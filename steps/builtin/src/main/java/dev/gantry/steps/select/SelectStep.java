package dev.gantry.steps.select;

import dev.gantry.steps.sdk.DataException;
import dev.gantry.steps.sdk.FileTrees;
import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Metrics;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code select} step: the best trial of a sweep. It reads every trial's metrics from a
 * collected input, picks the trial with the best value of one metric, copies that trial's
 * artifact (its model, say) from another collected input, and reports the winner.
 */
public final class SelectStep implements Step {
    static final Flag<Path> METRICS = Flag.input("metrics",
            "The collected metrics of every trial: {collect: <step>.<metrics output>} in the pipeline.");
    static final Flag<String> BY = Flag.string("by", "The metric that decides, such as accuracy.").withLabel("METRIC");
    static final Flag<String> GOAL = Flag.choice("goal", "Whether the largest or the smallest value wins.",
            "max", "min").withDefault("max");
    static final Flag<Path> ARTIFACTS = Flag.input("artifacts",
            "Optional: another collected output of the same trials, such as their models; the winner's is copied to --best.");
    static final Flag<Path> BEST = Flag.output("best", "Where to write the winning trial's artifact (with --artifacts).");
    static final Flag<Path> REPORT = Flag.output("report", "The winner as metrics JSON: trial, the winner's metrics, "
            + "and its numeric parameters as param.NAME.");

    @Override
    public String name() {
        return "select";
    }

    @Override
    public String summary() {
        return "Picks the best trial of a sweep by a metric, and copies out its artifact.";
    }

    @Override
    public String description() {
        return "Picks the best trial of a matrix sweep: the one with the largest (or, with --goal min, the "
                + "smallest) value of the metric named by --by, the lowest trial number winning a tie. It copies "
                + "the winner's artifact from --artifacts to --best, and writes the winner's metrics, its trial "
                + "number and its numeric parameters (as param.NAME) to --report, so a later step can gate on them.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(METRICS, BY, GOAL, ARTIFACTS, BEST, REPORT);
    }

    @Override
    public void run(StepContext context) throws IOException {
        Trials trials = Trials.read(context.input(METRICS));
        String metric = context.get(BY);
        boolean max = context.get(GOAL).equals("max");
        if (trials.numbers().isEmpty()) {
            throw DataException.inFile(trials.directory(), "no trials to choose from");
        }
        int best = -1;
        double bestValue = 0;
        Map<String, Double> bestMetrics = Map.of();
        for (int trial : trials.numbers()) {
            Map<String, Double> metrics = Metrics.read(trials.artifact(trial));
            Double value = metrics.get(metric);
            if (value == null) {
                throw DataException.inFile(trials.artifact(trial), "trial " + trial + " has no metric '" + metric
                        + "'; it has: " + String.join(", ", metrics.keySet()));
            }
            context.log("trial " + trial + " " + trials.parameters().get(trial) + ": " + metric + " = " + value);
            if (best < 0 || (max ? value > bestValue : value < bestValue)) {
                best = trial;
                bestValue = value;
                bestMetrics = metrics;
            }
        }
        context.log("best: trial " + best + " " + trials.parameters().get(best) + " with " + metric + " = " + bestValue);
        Optional<Path> artifacts = context.optionalInput(ARTIFACTS);
        if (artifacts.isPresent()) {
            Trials candidates = Trials.read(artifacts.get());
            if (!candidates.parameters().equals(trials.parameters())) {
                throw DataException.inFile(artifacts.get(), "its trials are not those of " + trials.directory()
                        + "; collect outputs of the same matrix");
            }
            FileTrees.copy(candidates.artifact(best), context.output(BEST));
        }
        Map<String, Number> report = new TreeMap<>(bestMetrics);
        report.put("trial", best);
        trials.parameters().get(best).forEach((name, value) -> parse(value)
                .ifPresent(number -> report.put("param." + name, number)));
        Metrics.write(context.output(REPORT), report);
    }

    private static Optional<Double> parse(String value) {
        try {
            double number = Double.parseDouble(value);
            return Double.isFinite(number) ? Optional.of(number) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
