package dev.gantry.steps.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    @Test
    void binaryMetricsAreThoseOfThePositiveClass() {
        ClassificationMetrics metrics = new ClassificationMetrics(List.of("no", "yes"), Optional.of("yes"));
        add(metrics, 1, 0.9);
        add(metrics, 1, 0.4);
        add(metrics, 0, 0.6);
        add(metrics, 0, 0.2);
        Map<String, Number> m = metrics.compute(true);
        assertThat(m.get("accuracy").doubleValue()).isEqualTo(0.5);
        assertThat(m.get("precision").doubleValue()).isEqualTo(0.5);
        assertThat(m.get("recall").doubleValue()).isEqualTo(0.5);
        assertThat(m.get("f1").doubleValue()).isEqualTo(0.5);
        assertThat(m.get("roc_auc").doubleValue()).isEqualTo(0.75);
        double logLoss = -(Math.log(0.9) + Math.log(0.4) + Math.log(0.4) + Math.log(0.8)) / 4;
        assertThat(m.get("log_loss").doubleValue()).isCloseTo(logLoss, within(1e-12));
        assertThat(m.get("confusion.yes.no").longValue()).isEqualTo(1);
        assertThat(m.get("confusion.no.no").longValue()).isEqualTo(1);
    }

    @Test
    void tiedScoresCountHalfInTheAuc() {
        ClassificationMetrics metrics = new ClassificationMetrics(List.of("no", "yes"), Optional.of("yes"));
        add(metrics, 1, 0.5);
        add(metrics, 0, 0.5);
        assertThat(metrics.compute(true).get("roc_auc").doubleValue()).isEqualTo(0.5);
    }

    @Test
    void anAucWithOneClassMissingIsLeftOut() {
        ClassificationMetrics metrics = new ClassificationMetrics(List.of("no", "yes"), Optional.of("yes"));
        add(metrics, 1, 0.9);
        assertThat(metrics.compute(true)).doesNotContainKey("roc_auc").containsEntry("rows", 1L);
    }

    @Test
    void moreThanTwoClassesAreMacroAveraged() {
        ClassificationMetrics metrics = new ClassificationMetrics(List.of("a", "b", "c"), Optional.empty());
        metrics.add(0, 0, new double[] {0.8, 0.1, 0.1});
        metrics.add(1, 1, new double[] {0.1, 0.8, 0.1});
        metrics.add(2, 1, new double[] {0.1, 0.5, 0.4});
        Map<String, Number> m = metrics.compute(true);
        assertThat(m.get("recall").doubleValue()).isCloseTo((1 + 1 + 0) / 3.0, within(1e-12));
        assertThat(m.get("precision").doubleValue()).isCloseTo((1 + 0.5 + 0) / 3.0, within(1e-12));
        assertThat(m.get("roc_auc").doubleValue()).isEqualTo(1.0);
    }

    private static void add(ClassificationMetrics metrics, int actual, double pYes) {
        metrics.add(actual, pYes >= 0.5 ? 1 : 0, new double[] {1 - pYes, pYes});
    }
}
