package dev.gantry.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.steps.features.FeatureTransform;
import dev.gantry.steps.sdk.Json;
import dev.gantry.steps.testing.Cli;
import dev.gantry.steps.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A logistic regression trained on the breast cancer data by the real steps, for the servers' tests. */
final class TrainedBreastCancer {
    private TrainedBreastCancer() {}

    /** Trains the model into the folder and returns a predictor of it, with its feature transform. */
    static Predictor train(Path work) {
        run("ingest-csv", "--source", Cli.breastCancer().toString(), "--out", work.resolve("table.arrow").toString());
        run("split", "--table", work.resolve("table.arrow").toString(), "--train", work.resolve("train.arrow").toString(),
                "--test", work.resolve("test.arrow").toString(), "--stratify-by", "diagnosis");
        run("features", "--train", work.resolve("train.arrow").toString(), "--test", work.resolve("test.arrow").toString(),
                "--transform", work.resolve("transform.json").toString(), "--train-out",
                work.resolve("train-f.arrow").toString(), "--test-out", work.resolve("test-f.arrow").toString(), "--label",
                "diagnosis", "--drop", "id");
        run("train", "--train", work.resolve("train-f.arrow").toString(), "--label", "diagnosis", "--model",
                work.resolve("lr").toString());
        return new Predictor(TrainedModel.load(work.resolve("lr")),
                Optional.of(FeatureTransform.read(work.resolve("transform.json"))));
    }

    /** Returns the first row of the data as a client sends it: numbers as numbers. */
    static Map<String, Object> firstRow() throws IOException {
        List<String> lines = Files.readAllLines(Cli.breastCancer());
        String[] names = lines.get(0).split(",");
        String[] values = lines.get(1).split(",");
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            row.put(names[i], names[i].equals("diagnosis") ? values[i] : Double.parseDouble(values[i]));
        }
        return row;
    }

    /** Returns a body of one first row whose column holds the JSON text given, such as {@code NaN}. */
    static String rowWith(String column, String jsonText) throws IOException {
        Map<String, Object> row = firstRow();
        row.put(column, "@@value@@");
        return "{\"rows\": [" + Json.toString(row).replace("\"@@value@@\"", jsonText) + "]}";
    }

    private static void run(String... args) {
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
    }
}
