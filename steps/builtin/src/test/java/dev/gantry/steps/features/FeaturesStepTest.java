package dev.gantry.steps.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gantry.steps.testing.Cli;
import dev.gantry.steps.testing.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesStepTest {
    @TempDir
    Path dir;

    @Test
    void standardizedTrainingColumnsHaveMeanZeroAndStandardDeviationOne() {
        Path train = ingest("id,x,y,label\n1,1,10,a\n2,2,10,b\n3,3,10,a\n4,6,10,b\n");
        Path out = dir.resolve("f.arrow");
        Cli.Result result = Cli.run("features", "--train", train.toString(), "--transform",
                dir.resolve("t.json").toString(), "--train-out", out.toString(), "--label", "label", "--drop", "id");
        assertThat(result.exitCode()).isZero();
        assertThat(Tables.schema(out)).isEqualTo("x (float64), y (float64), label (string)");
        double[] x = Tables.numbers(out, "x");
        assertThat(Arrays.stream(x).average().orElseThrow()).isCloseTo(0, within(1e-12));
        assertThat(Math.sqrt(Arrays.stream(x).map(v -> v * v).average().orElseThrow())).isCloseTo(1, within(1e-12));
        assertThat(Tables.numbers(out, "y")).containsExactly(0, 0, 0, 0);
    }

    @Test
    void textIsOneHotEncodedAndUnseenValuesAndNullsBecomeZeros() {
        Path train = ingest("color,size,n,label\nred,S,1,a\nblue,M,2,b\nred,L,,a\n");
        Path test = ingest("color,size,n,label\ngreen,XL,1,a\n,S,2,b\n");
        Path transform = dir.resolve("t.json");
        Cli.Result result = Cli.run("features", "--train", train.toString(), "--transform", transform.toString(),
                "--train-out", dir.resolve("train.arrow").toString(), "--test", test.toString(), "--test-out",
                dir.resolve("test.arrow").toString(), "--label", "label", "--label-encode", "size");
        assertThat(result.exitCode()).isZero();
        Path out = dir.resolve("test.arrow");
        assertThat(Tables.schema(out)).isEqualTo(
                "color=blue (float64), color=red (float64), size (int32), n (float64), label (string)");
        assertThat(Tables.numbers(out, "color=blue")).containsExactly(0, 0);
        assertThat(Tables.numbers(out, "color=red")).containsExactly(0, 0);
        assertThat(Tables.numbers(out, "size")).containsExactly(-1, 2);
        assertThat(Tables.numbers(dir.resolve("train.arrow"), "n")).containsExactly(-1, 1, 0);
    }

    @Test
    void theTransformFileRoundTripsAndServesJsonRowsLikeTheTable() {
        Path train = ingest("color,x,label\nred,1,a\nblue,3,b\n");
        Path transformFile = dir.resolve("t.json");
        Cli.run("features", "--train", train.toString(), "--transform", transformFile.toString(), "--train-out",
                dir.resolve("f.arrow").toString(), "--label", "label");
        FeatureTransform transform = FeatureTransform.read(transformFile);
        assertThat(transform.label()).contains("label");
        assertThat(transform.columns()).containsExactly(new OneHot("color", java.util.List.of("blue", "red")),
                new Standardize("x", 2.0, 1.0), new Passthrough("label"));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("color", "red");
        row.put("x", 3);
        assertThat(transform.features(row)).containsExactly(Map.entry("color=blue", 0.0), Map.entry("color=red", 1.0),
                Map.entry("x", 1.0));
    }

    @Test
    void applyingATransformToATableWithoutAFeatureColumnNamesIt() throws Exception {
        Path train = ingest("x,y,label\n1,2,a\n3,4,b\n");
        Path other = ingest("x,label\n1,a\n");
        Path transform = dir.resolve("t.json");
        Cli.run("features", "--train", train.toString(), "--transform", transform.toString(), "--train-out",
                dir.resolve("f.arrow").toString(), "--label", "label");
        Cli.Result result = Cli.run("features-apply", "--transform", transform.toString(), "--table", other.toString(),
                "--out", dir.resolve("o.arrow").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLine()).isEqualTo("gantry-step features-apply: " + other + ": column 'y': the transform "
                + "needs this column, which the table lacks; the table has x (int64), label (string)");
        assertThat(Files.exists(dir.resolve("o.arrow"))).isFalse();
    }

    @Test
    void aFlagNamingAColumnTheTableLacksIsAUsageError() {
        Path train = ingest("x,label\n1,a\n");
        Cli.Result result = Cli.run("features", "--train", train.toString(), "--transform",
                dir.resolve("t.json").toString(), "--train-out", dir.resolve("f.arrow").toString(), "--drop", "id");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLine()).isEqualTo("gantry-step features: --drop names column 'id', which " + train
                + " does not have; its columns are x (int64), label (string)");
    }

    @Test
    void theSameTrainingTableGivesTheSameTransformBytes() throws Exception {
        Path train = ingest("color,x,label\nred,1.5,a\nblue,3.25,b\n");
        for (String name : new String[] {"a", "b"}) {
            Cli.run("features", "--train", train.toString(), "--transform", dir.resolve(name + ".json").toString(),
                    "--train-out", dir.resolve(name + ".arrow").toString(), "--label", "label");
        }
        assertThat(Files.readString(dir.resolve("a.json"))).isEqualTo(Files.readString(dir.resolve("b.json")));
        assertThat(Files.readAllBytes(dir.resolve("a.arrow"))).isEqualTo(Files.readAllBytes(dir.resolve("b.arrow")));
    }

    private Path ingest(String csv) {
        try {
            Path source = Files.createTempFile(dir, "data", ".csv");
            Files.writeString(source, csv);
            Path table = Path.of(source + ".arrow");
            Cli.Result result = Cli.run("ingest-csv", "--source", source.toString(), "--out", table.toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
            return table;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
