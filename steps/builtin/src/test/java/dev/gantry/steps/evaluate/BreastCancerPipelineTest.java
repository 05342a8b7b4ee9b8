package dev.gantry.steps.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.steps.sdk.Metrics;
import dev.gantry.steps.testing.Cli;
import dev.gantry.steps.testing.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs ingest, split, features, train and evaluate through the CLI on the real breast cancer data. */
class BreastCancerPipelineTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void prepareTheFeatures() {
        run("ingest-csv", "--source", Cli.breastCancer().toString(), "--out", path("table.arrow"));
        run("split", "--table", path("table.arrow"), "--train", path("train.arrow"), "--test", path("test.arrow"),
                "--stratify-by", "diagnosis", "--test-fraction", "0.2", "--seed", "42");
        run("features", "--train", path("train.arrow"), "--test", path("test.arrow"), "--transform",
                path("transform.json"), "--train-out", path("train-features.arrow"), "--test-out",
                path("test-features.arrow"), "--label", "diagnosis", "--drop", "id");
    }

    @Test
    void logisticRegressionReachesAtLeast093TestAccuracyOnAStratified8020Split() throws Exception {
        run("train", "--train", path("train-features.arrow"), "--label", "diagnosis", "--model", path("lr"),
                "--algorithm", "logistic-regression");
        run("evaluate", "--model", path("lr"), "--table", path("test-features.arrow"), "--metrics", path("lr.json"),
                "--predictions", path("lr-predictions.arrow"));
        Map<String, Double> metrics = Metrics.read(dir.resolve("lr.json"));
        assertThat(metrics.get("accuracy")).isGreaterThanOrEqualTo(0.93);
        assertThat(metrics.get("roc_auc")).isGreaterThanOrEqualTo(0.95);
        assertThat(metrics).containsKeys("precision", "recall", "f1", "log_loss", "confusion.benign.benign",
                "confusion.benign.malignant", "confusion.malignant.benign", "confusion.malignant.malignant");
        assertThat(metrics.get("rows")).isEqualTo(113.0);
        assertThat(Tables.schema(dir.resolve("lr-predictions.arrow"))).isEqualTo(
                "row (int64), actual (string), predicted (string), p_benign (float64), p_malignant (float64)");
        assertThat(dir.resolve("lr/model.onnx")).isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("lr/model.json"))).contains("\"algorithm\" : \"logistic-regression\"")
                .contains("\"onnx\" : true").contains("\"training_table\" : \"sha256:");
    }

    @Test
    void theOnnxExportIsAModelOfTheThirtyFeaturesInTheGantryDomain() throws Exception {
        run("train", "--train", path("train-features.arrow"), "--label", "diagnosis", "--model", path("onnx"),
                "--epochs", "2");
        ai.onnx.proto.OnnxMl.ModelProto onnx = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(
                Files.readAllBytes(dir.resolve("onnx/model.onnx")));
        assertThat(onnx.getDomain()).isEqualTo("dev.gantry");
        ai.onnx.proto.OnnxMl.TensorShapeProto shape = onnx.getGraph().getInput(0).getType().getTensorType().getShape();
        assertThat(shape.getDim(1).getDimValue()).isEqualTo(30);
        assertThat(onnx.getGraph().getNodeCount()).isPositive();
    }

    @Test
    void aRandomForestAlsoReachesAtLeast093ButHasNoOnnxExport() {
        run("train", "--train", path("train-features.arrow"), "--label", "diagnosis", "--model", path("rf"),
                "--algorithm", "random-forest", "--trees", "50");
        run("evaluate", "--model", path("rf"), "--table", path("test-features.arrow"), "--metrics", path("rf.json"));
        assertThat(Metrics.read(dir.resolve("rf.json")).get("accuracy")).isGreaterThanOrEqualTo(0.93);
        assertThat(dir.resolve("rf/model.onnx")).doesNotExist();
    }

    @Test
    void trainingOnTextFeaturesIsRefusedWithTheFix() {
        Cli.Result result = Cli.run("train", "--train", path("train.arrow"), "--label", "id", "--model", path("bad"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLine()).isEqualTo("gantry-step train: " + path("train.arrow") + ": column 'diagnosis': a "
                + "feature must be a number, but the column is string; encode it with the features step, which "
                + "one-hot encodes text columns");
    }

    @Test
    void evaluatingOnALabelTheModelDoesNotKnowNamesTheRow() throws Exception {
        run("train", "--train", path("train-features.arrow"), "--label", "diagnosis", "--model", path("lr2"),
                "--epochs", "2");
        Path csv = dir.resolve("odd.csv");
        Files.writeString(csv, Files.readAllLines(Cli.breastCancer()).subList(0, 3).stream()
                .map(line -> line.replace(",malignant", ",unsure")).reduce((a, b) -> a + "\n" + b).orElseThrow());
        run("ingest-csv", "--source", csv.toString(), "--out", path("odd.arrow"));
        run("features-apply", "--transform", path("transform.json"), "--table", path("odd.arrow"), "--out",
                path("odd-features.arrow"));
        Cli.Result result = Cli.run("evaluate", "--model", path("lr2"), "--table", path("odd-features.arrow"),
                "--metrics", path("odd.json"));
        assertThat(result.errLine()).isEqualTo("gantry-step evaluate: " + path("odd-features.arrow") + ": row 0, column "
                + "'diagnosis': the label 'unsure' is not a class the model knows; its classes are benign, malignant");
    }

    private static void run(String... args) {
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    private static String path(String name) {
        return dir.resolve(name).toString();
    }
}
