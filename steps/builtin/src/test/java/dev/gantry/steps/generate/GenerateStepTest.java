package dev.gantry.steps.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.steps.sdk.Metrics;
import dev.gantry.steps.testing.Cli;
import dev.gantry.steps.testing.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateStepTest {
    @TempDir
    Path dir;

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOtherBytes() throws Exception {
        generate("a.arrow", "--seed", "1");
        generate("b.arrow", "--seed", "1");
        generate("c.arrow", "--seed", "2");
        assertThat(Files.readAllBytes(dir.resolve("a.arrow"))).isEqualTo(Files.readAllBytes(dir.resolve("b.arrow")));
        assertThat(Files.readAllBytes(dir.resolve("a.arrow"))).isNotEqualTo(Files.readAllBytes(dir.resolve("c.arrow")));
    }

    @Test
    void itWritesTheRowsFeaturesAndClassesAskedForInBatches() {
        generate("t.arrow", "--rows", "2500", "--features", "4", "--classes", "3", "--batch-rows", "1000");
        Path table = dir.resolve("t.arrow");
        assertThat(Tables.schema(table)).isEqualTo("f0 (float64), f1 (float64), f2 (float64), f3 (float64), label (int64)");
        assertThat(Tables.rowsAndBatches(table)).containsExactly(2500, 3);
        double[] labels = Tables.numbers(table, "label");
        for (int c = 0; c < 3; c++) {
            int label = c;
            assertThat(Arrays.stream(labels).filter(x -> x == label).count()).as("class %d", c).isGreaterThan(100);
        }
        double mean = Arrays.stream(Tables.numbers(table, "f0")).average().orElseThrow();
        assertThat(Math.abs(mean)).isLessThan(0.1);
    }

    @Test
    void theDataCanBeLearned() {
        generate("t.arrow", "--rows", "4000", "--features", "5", "--noise", "0.1");
        Path table = dir.resolve("t.arrow");
        Cli.run("split", "--table", table.toString(), "--train", path("train.arrow"), "--test", path("test.arrow"));
        Cli.run("train", "--train", path("train.arrow"), "--model", path("model"), "--epochs", "5");
        Cli.run("evaluate", "--model", path("model"), "--table", path("test.arrow"), "--metrics", path("m.json"));
        assertThat(Metrics.read(dir.resolve("m.json")).get("accuracy")).isGreaterThan(0.9);
    }

    @Test
    void aCsvCopyIngestsBackToTheSameValues() {
        generate("t.csv", "--rows", "300", "--features", "3", "--format", "csv");
        generate("t.arrow", "--rows", "300", "--features", "3");
        Cli.Result result = Cli.run("ingest-csv", "--source", path("t.csv"), "--out", path("back.arrow"));
        assertThat(result.exitCode()).isZero();
        assertThat(Tables.numbers(dir.resolve("back.arrow"), "f2")).containsExactly(Tables.numbers(dir.resolve("t.arrow"), "f2"));
        assertThat(Tables.numbers(dir.resolve("back.arrow"), "label")).containsExactly(Tables.numbers(dir.resolve("t.arrow"), "label"));
    }

    @Test
    void scanReadsEveryRowAndReportsItsThroughput() {
        generate("t.arrow", "--rows", "1000", "--features", "3", "--batch-rows", "300");
        Cli.Result result = Cli.run("scan", "--table", path("t.arrow"), "--metrics", path("scan.json"));
        assertThat(result.exitCode()).isZero();
        assertThat(result.errLine()).startsWith("scan: read 1,000 rows in 4 batches, ");
        assertThat(Metrics.read(dir.resolve("scan.json"))).containsEntry("rows", 1000.0).containsEntry("columns", 4.0)
                .containsKeys("gb_per_s", "seconds", "cpu_seconds", "bytes", "checksum");
    }

    private void generate(String name, String... more) {
        String[] args = new String[more.length + 3];
        args[0] = "generate";
        args[1] = "--out";
        args[2] = path(name);
        System.arraycopy(more, 0, args, 3, more.length);
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }
}
