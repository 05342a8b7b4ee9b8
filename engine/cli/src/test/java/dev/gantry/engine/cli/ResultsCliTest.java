package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.GantryProcess;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code show}, {@code runs}, {@code artifact}, {@code compare} and {@code lineage} on real runs. */
class ResultsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void writePipelines() throws Exception {
        Files.writeString(dir.resolve("results.yaml"), """
                name: results
                params: {factor: 2, word: hi}
                steps:
                  table:
                    command: [sh, -c, 'cp "${inputs.src}" "${outputs.table}"']
                    inputs: {src: {path: table.arrow}}
                    outputs: {table: arrow}
                  score:
                    command: [sh, -c, 'echo "{\\"accuracy\\": 0.${params.factor}5, \\"n\\": 3}" > ${outputs.m}; seq 1 12 > ${outputs.lines}; mkdir -p ${outputs.tree}/sub; echo a > ${outputs.tree}/a.txt; echo bb > ${outputs.tree}/sub/b.txt']
                    inputs: {t: table.table}
                    outputs: {m: metrics, lines: file, tree: dir}
                """);
        Files.writeString(dir.resolve("fail.yaml"), """
                name: fail
                steps:
                  broken:
                    command: [sh, -c, 'echo reading input; echo "no such column: label" >&2; exit 3']
                """);
        writeTable(dir.resolve("table.arrow"), List.of("setosa", "versicolor, with a comma", "a rather long label that does not fit its column at all in eighty columns"));
    }

    private static void writeTable(Path file, List<String> labels) throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                IntVector id = new IntVector("id", allocator);
                Float8Vector score = new Float8Vector("score", allocator);
                VarCharVector label = new VarCharVector("label", allocator)) {
            for (int i = 0; i < labels.size(); i++) {
                id.setSafe(i, i + 1);
                score.setSafe(i, i + 0.5);
                label.setSafe(i, labels.get(i).getBytes(StandardCharsets.UTF_8));
            }
            id.setValueCount(labels.size());
            score.setValueCount(labels.size());
            label.setValueCount(labels.size());
            try (VectorSchemaRoot root = VectorSchemaRoot.of(id, score, label);
                    FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    ArrowFileWriter writer = new ArrowFileWriter(root, null, out)) {
                root.setRowCount(labels.size());
                writer.start();
                writer.writeBatch();
                writer.end();
            }
        }
    }

    private GantryProcess.Result gantry(String... args) throws Exception {
        GantryProcess.Result result = GantryProcess.run(dir, args);
        System.out.println("$ gantry " + String.join(" ", args) + "\n" + result.stdout() + result.stderr());
        return result;
    }

    private String run(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        all[all.length - 1] = "--json";
        GantryProcess.Result result = gantry(all);
        return JSON.readTree(result.stdout()).get("run").asText();
    }

    private static List<String> lines(GantryProcess.Result result) {
        return Arrays.asList(result.stdout().split("\n"));
    }

    @Test
    void showListsParamsMetricValuesAndTheFailureOfAFailedStep() throws Exception {
        run("results.yaml", "--param", "factor=3");
        GantryProcess.Result show = gantry("show", "last");
        JsonNode json = JSON.readTree(gantry("show", "last", "--json").stdout());
        run("fail.yaml");
        GantryProcess.Result failed = gantry("show", "last");
        JsonNode failedJson = JSON.readTree(gantry("show", "last", "--json").stdout());

        assertThat(show.exitCode()).isZero();
        assertThat(lines(show)).contains("params    factor=3, word=hi", "      accuracy             0.35",
                "      n                    3");
        assertThat(json.get("params").get("factor").asText()).isEqualTo("3");
        assertThat(json.get("steps").get(1).get("metrics").get("m").get("accuracy").asDouble()).isEqualTo(0.35);
        assertThat(json.get("steps").get(1).get("outputs").get("m").get("sha256").asText()).hasSize(64);
        assertThat(lines(failed)).contains("    kind: exit-code, exit code 3", "    last lines of its log:",
                "      reading input", "      no such column: label");
        JsonNode failure = failedJson.get("steps").get(0).get("failure");
        assertThat(failure.get("kind").asText()).isEqualTo("exit-code");
        assertThat(failure.get("exitCode").asInt()).isEqualTo(3);
        assertThat(failure.get("message").asText()).isEqualTo("exit code 3");
        assertThat(failure.get("logTail").toString()).isEqualTo("[\"reading input\",\"no such column: label\"]");
        assertThat(failure.get("log").asText()).endsWith("/broken/attempt-1.log");
    }

    @Test
    void runsHasAHeaderShowsChangedParamsAndFilters() throws Exception {
        String plain = run("results.yaml");
        String changed = run("results.yaml", "--param", "factor=3");
        String failed = run("fail.yaml");

        GantryProcess.Result all = gantry("runs");
        GantryProcess.Result succeeded = gantry("runs", "--pipeline", "results", "--status", "succeeded");
        GantryProcess.Result onlyFailed = gantry("runs", "--status", "failed", "--since", "1h");
        GantryProcess.Result future = gantry("runs", "--since", "2999-01-01");
        GantryProcess.Result badStatus = gantry("runs", "--status", "done");
        GantryProcess.Result badSince = gantry("runs", "--since", "yesterday");
        JsonNode json = JSON.readTree(gantry("runs", "--json", "--trigger", "cli").stdout());

        assertThat(lines(all).get(0)).isEqualTo(
                "RUN                     STATUS     STARTED       TOOK  PIPELINE  PARAMS");
        assertThat(lines(all)).hasSize(4);
        assertThat(lines(all).get(1)).startsWith(failed + "  failed").endsWith("  fail");
        assertThat(lines(all).get(2)).startsWith(changed + "  succeeded").endsWith("  results   factor=3");
        assertThat(lines(all).get(3)).startsWith(plain + "  succeeded").endsWith("  results");
        assertThat(lines(succeeded)).hasSize(3).noneMatch(l -> l.startsWith(failed));
        assertThat(lines(onlyFailed)).hasSize(2);
        assertThat(lines(onlyFailed).get(1)).startsWith(failed);
        assertThat(future.stdout()).isEqualTo("no runs match in .gantry\n");
        assertThat(badStatus.exitCode()).isEqualTo(2);
        assertThat(badStatus.stderr()).contains(
                "--status 'done' is not a status; use one of running, succeeded, failed, cancelled, crashed");
        assertThat(badSince.exitCode()).isEqualTo(2);
        assertThat(badSince.stderr()).contains("--since 'yesterday' is neither an age such as 7d, 12h or 30m "
                + "nor an ISO time such as 2026-12-01 or 2026-12-01T08:00");
        assertThat(json).hasSize(3);
        assertThat(json.get(1).get("changedParams").toString()).isEqualTo("{\"factor\":\"3\"}");
        assertThat(json.get(1).get("params").toString()).isEqualTo("{\"factor\":\"3\",\"word\":\"hi\"}");
        assertThat(json.get(2).get("changedParams").toString()).isEqualTo("{}");
        assertThat(json.get(0).get("trigger").asText()).isEqualTo("cli");
    }

    @Test
    void artifactPrintsATableMetricsAFileAndADirectory() throws Exception {
        String id = run("results.yaml");

        GantryProcess.Result table = gantry("artifact", "last", "table.table", "--rows", "2");
        GantryProcess.Result columns = gantry("artifact", id, "table.table", "--columns", "label,id");
        GantryProcess.Result metrics = gantry("artifact", "last", "score.m");
        GantryProcess.Result file = gantry("artifact", "last", "score.lines", "--rows", "3");
        GantryProcess.Result tree = gantry("artifact", "last", "score.tree");
        JsonNode json = JSON.readTree(gantry("artifact", "last", "table.table", "--json").stdout());
        GantryProcess.Result csv = gantry("artifact", "last", "table.table", "--csv", "out.csv");
        String digest = json.get("digest").asText();
        GantryProcess.Result byDigest = gantry("artifact", digest, "--rows", "1");

        assertThat(table.exitCode()).as(table.stderr()).isZero();
        assertThat(lines(table)).containsExactly(
                "table.table of run " + id + ": arrow, " + lines(table).get(0).split(": arrow, ")[1],
                "3 rows, 3 columns",
                "COLUMN  TYPE                   NULLABLE",
                "id      Int(32, true)          yes",
                "score   FloatingPoint(DOUBLE)  yes",
                "label   Utf8                   yes",
                "",
                "id  score  label",
                " 1    0.5  setosa",
                " 2    1.5  versicolor, with a comma",
                "(first 2 of 3 rows; --rows N shows more)");
        assertThat(lines(columns)).contains(
                "label                                                                      id",
                "a rather long label that does not fit its column at all in eighty columns   3");
        assertThat(lines(metrics)).containsSequence("METRIC    VALUE", "accuracy   0.25", "n             3");
        assertThat(lines(file)).containsSequence("1", "2", "3", "(first 3 of 12 lines; --rows N shows more)");
        assertThat(lines(tree)).containsSequence("PATH       SIZE", "a.txt       2 B", "sub/", "sub/b.txt   3 B");
        assertThat(json.get("table").get("rowCount").asInt()).isEqualTo(3);
        assertThat(json.get("table").get("columns").get(1).get("type").asText()).isEqualTo("FloatingPoint(DOUBLE)");
        assertThat(json.get("table").get("rows").get(1).toString()).isEqualTo("[2,1.5,\"versicolor, with a comma\"]");
        assertThat(csv.stdout()).isEqualTo("wrote 3 rows of table.table to out.csv\n");
        assertThat(Files.readString(dir.resolve("out.csv"))).isEqualTo("id,score,label\r\n1,0.5,setosa\r\n"
                + "2,1.5,\"versicolor, with a comma\"\r\n"
                + "3,2.5,a rather long label that does not fit its column at all in eighty columns\r\n");
        assertThat(lines(byDigest)).contains(" 1    0.5  setosa");
        assertThat(lines(table)).allMatch(l -> l.length() <= 80);
        assertThat(lines(columns)).allMatch(l -> l.length() <= 80);
    }

    @Test
    void artifactNamesWhatExistsWhenTheStepOrOutputIsUnknown() throws Exception {
        String id = run("results.yaml");

        GantryProcess.Result step = gantry("artifact", "last", "scor.m");
        GantryProcess.Result output = gantry("artifact", "last", "score.metrics");
        GantryProcess.Result column = gantry("artifact", "last", "table.table", "--columns", "nope");
        GantryProcess.Result noRun = gantry("artifact", "20990101", "score.m");
        GantryProcess.Result csvOfFile = gantry("artifact", "last", "score.m", "--csv", "m.csv");

        assertThat(step.exitCode()).isEqualTo(2);
        assertThat(step.stderr().strip()).isEqualTo("error: run " + id + " has no step 'scor'; its steps: table, score");
        assertThat(output.stderr().strip()).isEqualTo(
                "error: step 'score' of run " + id + " has no output 'metrics'; its outputs: m, lines, tree");
        assertThat(column.stdout()).isEmpty();
        assertThat(column.stderr().strip()).isEqualTo("error: the table has no column 'nope'; its columns: id, score, label");
        assertThat(noRun.exitCode()).isEqualTo(2);
        assertThat(csvOfFile.exitCode()).isEqualTo(2);
        assertThat(csvOfFile.stderr()).contains("--csv exports a table, and score.m is a metrics");
    }

    @Test
    void compareSetsParamsMetricsAndOutputsSideBySide() throws Exception {
        String first = run("results.yaml");
        String second = run("results.yaml", "--param", "factor=7");

        GantryProcess.Result text = gantry("compare", first, second);
        JsonNode json = JSON.readTree(gantry("compare", first, second, "--json").stdout());

        assertThat(text.exitCode()).as(text.stderr()).isZero();
        List<String> lines = lines(text);
        assertThat(lines.subList(0, 9)).containsExactly(
                "                    " + first + "  " + second,
                "pipeline            results                 results",
                "status              succeeded               succeeded",
                "params",
                "  factor            2                       7                       differs",
                "  word              hi                      hi",
                "metrics",
                "  score.m.accuracy  0.25                    0.75                    differs",
                "  score.m.n         3                       3");
        assertThat(lines.subList(9, lines.size())).hasSize(5).first().isEqualTo("outputs");
        assertThat(lines.get(10)).matches("  table.table       ([0-9a-f]{12})            \\1");
        assertThat(lines.get(11)).matches("  score.m           [0-9a-f]{12}            [0-9a-f]{12}            differs");
        assertThat(lines).allMatch(l -> l.length() <= 80);
        assertThat(json.get("runs").get(1).get("run").asText()).isEqualTo(second);
        assertThat(json.get("params").get("factor").toString()).isEqualTo("{\"values\":[\"2\",\"7\"],\"differs\":true}");
        assertThat(json.get("metrics").get("score.m.accuracy").get("values").toString()).isEqualTo("[\"0.25\",\"0.75\"]");
        assertThat(json.get("outputs").get("table.table").get("differs").asBoolean()).isFalse();
        assertThat(json.get("outputs").get("score.lines").get("differs").asBoolean()).isFalse();
        assertThat(json.get("outputs").get("score.m").get("differs").asBoolean()).isTrue();
    }

    @Test
    void lineageFollowsInputsUpstreamAndListsEveryReaderDownstream() throws Exception {
        String first = run("results.yaml");
        String second = run("results.yaml", "--param", "factor=7");

        GantryProcess.Result up = gantry("lineage", second, "score.m");
        JsonNode table = JSON.readTree(gantry("lineage", "last", "table.table", "--json").stdout());
        GantryProcess.Result down = gantry("lineage", table.get("digest").asText());

        assertThat(up.exitCode()).as(up.stderr()).isZero();
        List<String> lines = lines(up);
        assertThat(lines.get(0)).startsWith("score.m of run " + second + ", sha256 ");
        assertThat(lines.get(1)).isEqualTo("upstream:");
        assertThat(lines.get(2)).matches("  t <- table.table of run " + first + "  [0-9a-f]{12}");
        assertThat(lines.get(3)).matches("    src <- host file table.arrow  [0-9a-f]{12}");
        assertThat(lines.subList(4, lines.size())).containsExactly("downstream:", "  (no step read it)");
        // The table step copies its host file, so the file and the table share a digest, and one set of readers.
        assertThat(table.get("producer").get("run").asText()).isEqualTo(second);
        assertThat(table.get("upstream").get(0).get("hostFile").asBoolean()).isTrue();
        assertThat(table.get("upstream").get(0).get("source").asText()).isEqualTo("table.arrow");
        assertThat(table.get("downstream")).hasSize(4);
        assertThat(table.get("downstream").get(3).toString()).contains("\"run\":\"" + second + "\"")
                .contains("\"step\":\"score\"").contains("\"input\":\"t\"");
        assertThat(lines(down)).containsExactly("table.table of run " + first + ", sha256 "
                        + table.get("digest").asText().substring(0, 12),
                "upstream:",
                "  src <- host file table.arrow  " + table.get("digest").asText().substring(0, 12),
                "downstream:",
                "  " + first + "  table  as src",
                "  " + first + "  score  as t",
                "  " + second + "  table  as src",
                "  " + second + "  score  as t");
    }
}
