package dev.gantry.steps.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void metricsAreWrittenWithSortedKeysAndReadBack() throws Exception {
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("rows", 3);
        metrics.put("accuracy", 0.5);
        Path file = dir.resolve("m.json");
        Metrics.write(file, metrics);
        assertThat(Files.readString(file)).isEqualTo("{\n  \"accuracy\" : 0.5,\n  \"rows\" : 3\n}\n");
        assertThat(Metrics.read(file)).containsExactly(Map.entry("accuracy", 0.5), Map.entry("rows", 3.0));
    }

    @Test
    void aMetricThatIsNotANumberIsRefused() {
        Path file = dir.resolve("m.json");
        assertThatThrownBy(() -> Metrics.write(file, Map.of("roc_auc", Double.NaN)))
                .hasMessage(file + ": metric 'roc_auc' is NaN; metrics must be finite numbers");
    }

    @Test
    void readingMetricsNamesTheKeyThatIsNotANumber() throws Exception {
        Path file = dir.resolve("m.json");
        Files.writeString(file, "{\"accuracy\": \"high\"}");
        assertThatThrownBy(() -> Metrics.read(file)).isInstanceOf(DataException.class)
                .hasMessage(file + ": metric 'accuracy' is not a number: \"high\"");
    }

    @Test
    void digestsOfEqualFilesAndTreesAreEqual() throws Exception {
        Files.createDirectories(dir.resolve("a/sub"));
        Files.createDirectories(dir.resolve("b/sub"));
        Files.writeString(dir.resolve("a/sub/x"), "x");
        Files.writeString(dir.resolve("b/sub/x"), "x");
        assertThat(Digests.sha256(dir.resolve("a"))).isEqualTo(Digests.sha256(dir.resolve("b")));
        assertThat(Digests.sha256(dir.resolve("a/sub/x")))
                .isEqualTo("sha256:24e5fa83ea3d78ba97ff36665723f0df9e3d179e110965a34b679ad5ad27eaab");
    }
}
