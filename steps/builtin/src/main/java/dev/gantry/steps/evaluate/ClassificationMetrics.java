package dev.gantry.steps.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accumulates predictions and computes classification metrics: accuracy, precision, recall and
 * F1 (of the positive class for two classes, macro-averaged over classes otherwise), ROC AUC
 * (one-vs-rest, macro-averaged for more than two classes; left out when a class has no examples),
 * log loss (probabilities clipped to [1e-15, 1]) and the confusion matrix, flattened into
 * {@code confusion.ACTUAL.PREDICTED} counts. Memory grows by one score per class per row.
 */
final class ClassificationMetrics {
    private static final double EPSILON = 1e-15;

    private final List<String> classes;
    private final Optional<Integer> positive;
    private final long[][] confusion;
    private final List<double[]> scores = new ArrayList<>();
    private final List<Integer> actuals = new ArrayList<>();
    private double logLoss;
    private long rows;

    /**
     * @param classes the classes, in a fixed order
     * @param positive the positive class for binary metrics, when there are two classes
     */
    ClassificationMetrics(List<String> classes, Optional<String> positive) {
        this.classes = List.copyOf(classes);
        this.positive = positive.map(this.classes::indexOf);
        this.confusion = new long[classes.size()][classes.size()];
    }

    /** Adds one prediction: the actual class, the predicted class and a probability per class. */
    void add(int actual, int predicted, double[] probabilities) {
        confusion[actual][predicted]++;
        scores.add(probabilities.clone());
        actuals.add(actual);
        logLoss -= Math.log(Math.min(1.0, Math.max(EPSILON, probabilities[actual])));
        rows++;
    }

    /** Returns the metrics, keys in a fixed order. */
    Map<String, Number> compute(boolean probabilistic) {
        Map<String, Number> metrics = new LinkedHashMap<>();
        long correct = 0;
        for (int i = 0; i < classes.size(); i++) {
            correct += confusion[i][i];
        }
        metrics.put("rows", rows);
        metrics.put("accuracy", rows == 0 ? 0.0 : (double) correct / rows);
        List<Integer> averaged = positive.map(List::of).orElseGet(this::allClasses);
        metrics.put("precision", averaged.stream().mapToDouble(this::precision).average().orElse(0));
        metrics.put("recall", averaged.stream().mapToDouble(this::recall).average().orElse(0));
        metrics.put("f1", averaged.stream().mapToDouble(this::f1).average().orElse(0));
        double[] aucs = averaged.stream().mapToDouble(this::auc).toArray();
        if (Arrays.stream(aucs).allMatch(Double::isFinite)) {
            metrics.put("roc_auc", Arrays.stream(aucs).average().orElse(0));
        }
        if (probabilistic && rows > 0) {
            metrics.put("log_loss", logLoss / rows);
        }
        for (int a = 0; a < classes.size(); a++) {
            for (int p = 0; p < classes.size(); p++) {
                metrics.put("confusion." + classes.get(a) + "." + classes.get(p), confusion[a][p]);
            }
        }
        return metrics;
    }

    private List<Integer> allClasses() {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            all.add(i);
        }
        return all;
    }

    private double precision(int c) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    private double recall(int c) {
        long actual = Arrays.stream(confusion[c]).sum();
        return actual == 0 ? 0 : (double) confusion[c][c] / actual;
    }

    private double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Returns the one-vs-rest ROC AUC of a class (Mann-Whitney, ties counted half), NaN when undefined. */
    double auc(int c) {
        int n = scores.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(scores.get(x)[c], scores.get(y)[c]));
        double positiveRanks = 0;
        long positives = 0;
        for (int i = 0; i < n;) {
            int j = i;
            while (j + 1 < n && scores.get(order[j + 1])[c] == scores.get(order[i])[c]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (actuals.get(order[k]) == c) {
                    positiveRanks += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
