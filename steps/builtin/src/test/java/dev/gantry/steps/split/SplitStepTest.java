package dev.gantry.steps.split;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.steps.testing.Cli;
import dev.gantry.steps.testing.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitStepTest {
    @TempDir
    Path dir;

    private Path table;

    @BeforeEach
    void ingestTheBreastCancerData() {
        table = dir.resolve("bc.arrow");
        assertThat(Cli.run("ingest-csv", "--source", Cli.breastCancer().toString(), "--out", table.toString())
                .exitCode()).isZero();
    }

    @Test
    void aStratifiedSplitKeepsTheClassProportionsInBothTables() {
        Cli.Result result = split("a", "--stratify-by", "diagnosis");
        assertThat(result.exitCode()).isZero();
        assertThat(result.errLine()).isEqualTo("split: 456 train, 113 test rows from " + table
                + ", stratified by diagnosis (2 strata)");
        assertThat(malignant(dir.resolve("a/test.arrow"))).isEqualTo(42);
        assertThat(malignant(dir.resolve("a/train.arrow"))).isEqualTo(170);
    }

    @Test
    void theSameSeedGivesByteIdenticalTablesAndAnotherSeedDoesNot() throws Exception {
        split("a", "--stratify-by", "diagnosis", "--seed", "7");
        split("b", "--stratify-by", "diagnosis", "--seed", "7");
        split("c", "--stratify-by", "diagnosis", "--seed", "8");
        assertThat(Files.readAllBytes(dir.resolve("a/train.arrow"))).isEqualTo(Files.readAllBytes(dir.resolve("b/train.arrow")));
        assertThat(Files.readAllBytes(dir.resolve("a/test.arrow"))).isEqualTo(Files.readAllBytes(dir.resolve("b/test.arrow")));
        assertThat(Files.readAllBytes(dir.resolve("a/test.arrow"))).isNotEqualTo(Files.readAllBytes(dir.resolve("c/test.arrow")));
    }

    @Test
    void everyRowLandsInExactlyOneTableInItsOriginalOrder() {
        split("a", "--stratify-by", "diagnosis", "--validation", dir.resolve("a/validation.arrow").toString(),
                "--validation-fraction", "0.1", "--batch-rows", "50");
        double[] train = Tables.numbers(dir.resolve("a/train.arrow"), "id");
        double[] test = Tables.numbers(dir.resolve("a/test.arrow"), "id");
        double[] validation = Tables.numbers(dir.resolve("a/validation.arrow"), "id");
        assertThat(test).hasSize(113);
        assertThat(validation).hasSize(57);
        assertThat(train).hasSize(399).isSorted();
        java.util.Set<Double> all = new java.util.HashSet<>();
        for (double[] part : new double[][] {train, test, validation}) {
            for (double id : part) {
                assertThat(all.add(id)).isTrue();
            }
        }
        assertThat(all).hasSize(569);
    }

    @Test
    void anUnstratifiedSplitTakesTheRoundedShare() {
        Path metrics = dir.resolve("m.json");
        split("a", "--test-fraction", "0.25", "--metrics", metrics.toString());
        assertThat(Tables.rowsAndBatches(dir.resolve("a/test.arrow"))[0]).isEqualTo(142);
        assertThat(dev.gantry.steps.sdk.Metrics.read(metrics)).containsEntry("train_rows", 427.0)
                .containsEntry("strata", 1.0);
    }

    @Test
    void fractionsThatLeaveNoTrainingRowsAreRefused() {
        Cli.Result result = split("a", "--test-fraction", "0.6", "--validation-fraction", "0.4", "--validation",
                dir.resolve("v.arrow").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLine()).isEqualTo(
                "gantry-step split: --test-fraction plus --validation-fraction must be below 1, was 1.0");
    }

    @Test
    void stratifyingByAMissingColumnNamesTheColumnsThereAre() {
        Cli.Result result = split("a", "--stratify-by", "label");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLine()).startsWith("gantry-step split: " + table
                + ": column 'label': no such column; the table has id (int64), mean_radius (float64),");
    }

    private Cli.Result split(String name, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("split", "--table", table.toString(),
                "--train", dir.resolve(name + "/train.arrow").toString(), "--test",
                dir.resolve(name + "/test.arrow").toString()));
        args.addAll(java.util.List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    private static long malignant(Path file) {
        return Tables.column(file, "diagnosis").stream().filter(Optional.of("malignant")::equals).count();
    }
}
