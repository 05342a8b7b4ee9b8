package dev.gantry.steps.select;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.steps.sdk.DataException;
import dev.gantry.steps.sdk.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A collected input: the directory in which Gantry hands a step one output of every trial of
 * a matrix, each under the trial's number, with {@code matrix.json} mapping each number to
 * the trial's parameter values.
 *
 * @param directory the directory
 * @param parameters trial number to its parameter values, in trial order
 */
record Trials(Path directory, Map<Integer, Map<String, String>> parameters) {
    static final String MATRIX_FILE = "matrix.json";

    /** Reads the directory's {@code matrix.json}, and checks that every trial it names is there. */
    static Trials read(Path directory) {
        Path matrix = directory.resolve(MATRIX_FILE);
        if (!Files.isRegularFile(matrix)) {
            throw DataException.inFile(directory, "not a collected input: it has no " + MATRIX_FILE
                    + " (read it with {collect: <step>.<output>} in the pipeline)");
        }
        JsonNode tree = Json.read(matrix);
        Map<Integer, Map<String, String>> parameters = new TreeMap<>();
        for (Map.Entry<String, JsonNode> trial : tree.properties()) {
            int number;
            try {
                number = Integer.parseInt(trial.getKey());
            } catch (NumberFormatException e) {
                throw DataException.inFile(matrix, "trial '" + trial.getKey() + "' is not a number");
            }
            if (!Files.exists(directory.resolve(trial.getKey()))) {
                throw DataException.inFile(directory, "trial " + number + " is in " + MATRIX_FILE + " but has no artifact");
            }
            Map<String, String> values = new LinkedHashMap<>();
            trial.getValue().properties().forEach(p -> values.put(p.getKey(), p.getValue().asText()));
            parameters.put(number, values);
        }
        return new Trials(directory, parameters);
    }

    /** The artifact of trial {@code number}. */
    Path artifact(int number) {
        return directory.resolve(Integer.toString(number));
    }

    List<Integer> numbers() {
        return new ArrayList<>(parameters.keySet());
    }
}
