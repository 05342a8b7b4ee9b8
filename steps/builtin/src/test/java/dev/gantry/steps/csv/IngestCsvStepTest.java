package dev.gantry.steps.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.steps.testing.Cli;
import dev.gantry.steps.testing.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCsvStepTest {
    @TempDir
    Path dir;

    @Test
    void theBreastCancerFileBecomesATableWithInferredTypes() throws Exception {
        Path out = dir.resolve("bc.arrow");
        Path metrics = dir.resolve("m.json");
        Cli.Result result = Cli.run("ingest-csv", "--source", Cli.breastCancer().toString(), "--out", out.toString(),
                "--metrics", metrics.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.errLine()).isEqualTo("ingest-csv: wrote 569 rows of 32 columns to " + out);
        assertThat(Tables.schema(out)).startsWith("id (int64), mean_radius (float64), mean_texture (float64)")
                .endsWith("worst_fractal_dimension (float64), diagnosis (string)");
        assertThat(Tables.column(out, "diagnosis").stream().filter(v -> v.equals(Optional.of("malignant"))))
                .hasSize(212);
        assertThat(Tables.numbers(out, "mean_radius")[0]).isEqualTo(17.99);
        assertThat(Files.readString(metrics)).contains("\"bad_rows\" : 0").contains("\"rows\" : 569");
    }

    @Test
    void anExplicitSchemaOverridesInference() {
        Path csv = write("id,score,flag\n1,2,true\n2,3,false\n");
        Path out = dir.resolve("t.arrow");
        Cli.Result result = Cli.run("ingest-csv", "--source", csv.toString(), "--out", out.toString(),
                "--schema", "id:string,score:float64");
        assertThat(result.exitCode()).isZero();
        assertThat(Tables.schema(out)).isEqualTo("id (string), score (float64), flag (bool)");
    }

    @Test
    void aValueThatDoesNotFitItsColumnFailsWithItsLineAndColumn() {
        Path csv = write("id,x\n1,1.5\n2,2.5\n3,oops\n4,4.5\n");
        Cli.Result result = Cli.run("ingest-csv", "--source", csv.toString(), "--out", dir.resolve("t.arrow").toString(),
                "--schema", "x:float64");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLine()).isEqualTo("gantry-step ingest-csv: " + csv
                + ":4: column 'x': 'oops' is not a float64 (bad row 1, more than --max-bad-rows 0)");
        assertThat(dir.resolve("t.arrow")).doesNotExist();
    }

    @Test
    void aValueAfterTheInferenceRowsThatDoesNotFitIsABadRow() {
        Path csv = write("id,x\n1,1\n2,2\n3,x3\n");
        Cli.Result result = Cli.run("ingest-csv", "--source", csv.toString(), "--out", dir.resolve("t.arrow").toString(),
                "--infer-rows", "2");
        assertThat(result.errLine()).isEqualTo("gantry-step ingest-csv: " + csv
                + ":4: column 'x': 'x3' is not an int64 (bad row 1, more than --max-bad-rows 0)");
    }

    @Test
    void badRowsUpToTheLimitAreSkippedAndLoggedWithTheirLines() {
        Path csv = write("id,x\n1,1.5\n2\n3,3.5\n4,four\n5,5.5,extra\n6,6.5\n");
        Path out = dir.resolve("t.arrow");
        Cli.Result result = Cli.run("ingest-csv", "--source", csv.toString(), "--out", out.toString(),
                "--schema", "x:float64", "--max-bad-rows", "3");
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEqualTo(String.join(System.lineSeparator(),
                "ingest-csv: skipped " + csv + ":3: expected 2 fields, found 1",
                "ingest-csv: skipped " + csv + ":5: column 'x': 'four' is not a float64",
                "ingest-csv: skipped " + csv + ":6: expected 2 fields, found 3",
                "ingest-csv: wrote 3 rows of 2 columns to " + out + "; skipped 3 bad rows (lines 3, 5, 6)", ""));
        assertThat(Tables.numbers(out, "id")).containsExactly(1, 3, 6);
    }

    @Test
    void oneBadRowMoreThanAllowedFails() {
        Path csv = write("id,x\n1,1\n2\n3\n");
        Cli.Result result = Cli.run("ingest-csv", "--source", csv.toString(), "--out", dir.resolve("t.arrow").toString(),
                "--max-bad-rows", "1");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).endsWith("gantry-step ingest-csv: " + csv
                + ":4: expected 2 fields, found 1 (bad row 2, more than --max-bad-rows 1)" + System.lineSeparator());
    }

    @Test
    void quotedFieldsMayHoldDelimitersQuotesAndLineBreaks() {
        Path csv = write("name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"two\r\nlines\",x\r\nplain,\n");
        Path out = dir.resolve("t.arrow");
        Cli.Result result = Cli.run("ingest-csv", "--source", csv.toString(), "--out", out.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(Tables.column(out, "name")).containsExactly(Optional.of("Smith, J"), Optional.of("two\r\nlines"),
                Optional.of("plain"));
        assertThat(Tables.column(out, "note")).containsExactly(Optional.of("said \"hi\""), Optional.of("x"),
                Optional.empty());
    }

    @Test
    void aQuoteThatNeverClosesIsReportedFromItsLine() {
        Path csv = write("a,b\n1,2\n3,\"open\n4,5\n");
        Cli.Result result = Cli.run("ingest-csv", "--source", csv.toString(), "--out", dir.resolve("t.arrow").toString());
        assertThat(result.errLine()).isEqualTo("gantry-step ingest-csv: " + csv
                + ":3: the quoted field that starts on line 3 never ends (bad row 1, more than --max-bad-rows 0)");
    }

    @Test
    void nullValuesAndEmptyFieldsBecomeNulls() {
        Path csv = write("a,b\n1,NA\n,2\n3,4\n");
        Path out = dir.resolve("t.arrow");
        Cli.Result result = Cli.run("ingest-csv", "--source", csv.toString(), "--out", out.toString(),
                "--null-values", "NA");
        assertThat(result.exitCode()).isZero();
        assertThat(Tables.schema(out)).isEqualTo("a (int64), b (int64)");
        assertThat(Tables.column(out, "a")).containsExactly(Optional.of("1"), Optional.empty(), Optional.of("3"));
        assertThat(Tables.column(out, "b")).containsExactly(Optional.empty(), Optional.of("2"), Optional.of("4"));
    }

    @Test
    void anEmptyFileADuplicateColumnAndBrokenUtf8AreReported() throws Exception {
        Path empty = write("");
        assertThat(Cli.run("ingest-csv", "--source", empty.toString(), "--out", dir.resolve("t.arrow").toString())
                .errLine()).isEqualTo("gantry-step ingest-csv: " + empty
                        + ": the file is empty; a CSV file needs a header line naming its columns");
        Path twice = write("a,b,a\n1,2,3\n");
        assertThat(Cli.run("ingest-csv", "--source", twice.toString(), "--out", dir.resolve("t.arrow").toString())
                .errLine()).isEqualTo("gantry-step ingest-csv: " + twice
                        + ":1: column 'a' appears twice in the header (fields 1 and 3)");
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, new byte[] {'a', '\n', 'x', '\n', (byte) 0xE9, '\n'});
        assertThat(Cli.run("ingest-csv", "--source", latin1.toString(), "--out", dir.resolve("t.arrow").toString())
                .errLine()).isEqualTo("gantry-step ingest-csv: " + latin1 + ":3: the text is not valid UTF-8");
    }

    @Test
    void aSchemaNamingAnUnknownColumnIsAUsageError() {
        Path csv = write("a,b\n1,2\n");
        Cli.Result result = Cli.run("ingest-csv", "--source", csv.toString(), "--out", dir.resolve("t.arrow").toString(),
                "--schema", "c:int64");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLine()).isEqualTo("gantry-step ingest-csv: --schema names column 'c', which the header of "
                + csv + " does not have; its columns are a, b");
    }

    @Test
    void aFileOfManyBatchesStreamsThroughInBatchesAndTabsWork() throws Exception {
        StringBuilder text = new StringBuilder("n\tsquare\n");
        for (int i = 0; i < 1000; i++) {
            text.append(i).append('\t').append(i * i).append('\n');
        }
        Path csv = write(text.toString());
        Path out = dir.resolve("t.arrow");
        Cli.Result result = Cli.run("ingest-csv", "--source", csv.toString(), "--out", out.toString(),
                "--delimiter", "tab", "--batch-rows", "64", "--infer-rows", "10");
        assertThat(result.exitCode()).isZero();
        assertThat(Tables.rowsAndBatches(out)).containsExactly(1000, 16);
        assertThat(Tables.numbers(out, "square")[999]).isEqualTo(998001);
    }

    private Path write(String text) {
        try {
            Path file = Files.createTempFile(dir, "data", ".csv");
            Files.writeString(file, text);
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
