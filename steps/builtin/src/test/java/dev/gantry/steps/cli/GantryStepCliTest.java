package dev.gantry.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.steps.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GantryStepCliTest {
    @TempDir
    Path dir;

    @Test
    void listNamesEveryBuiltInStepWithItsSummary() {
        Cli.Result result = Cli.run("list");
        assertThat(result.exitCode()).isZero();
        for (var step : BuiltInSteps.all()) {
            assertThat(result.out()).contains(step.name()).contains(step.summary());
        }
    }

    @Test
    void helpDocumentsEachFlagWithItsDefaultAndEnvironmentVariable() {
        Cli.Result result = Cli.run("split", "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().replaceAll("\\s+", " "))
                .contains("Usage: gantry-step split [OPTIONS]")
                .contains("--test-fraction=X The share of each stratum that goes to test. Default: 0.2. "
                        + "Env: GANTRY_PARAM_TEST_FRACTION.")
                .contains("--table=PATH The Arrow table to split. Env: GANTRY_INPUT_TABLE.");
    }

    @Test
    void anUnknownFlagIsAUsageErrorOnOneLine() {
        Cli.Result result = Cli.run("split", "--bogus", "1");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLine()).isEqualTo("gantry-step split: Unknown options: '--bogus', '1' (see 'gantry-step split --help')");
    }

    @Test
    void anUnknownStepIsAUsageError() {
        Cli.Result result = Cli.run("teleport");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLine()).isEqualTo(
                "gantry-step: Unmatched argument at index 0: 'teleport' (see 'gantry-step --help')");
    }

    @Test
    void aFailedStepPrintsOneLineWithoutAStackTrace() {
        Path missing = dir.resolve("missing.arrow");
        Cli.Result result = Cli.run("scan", "--table", missing.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gantry-step scan: " + missing
                + ": no such file or directory (given as --table)" + System.lineSeparator());
    }

    @Test
    void stacktraceShowsWhereAFailureCameFrom() {
        Cli.Result result = Cli.run("scan", "--stacktrace", "--table", dir.resolve("missing.arrow").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("at dev.gantry.steps.sdk.StepContext.input");
    }

    @Test
    void aBadParameterValueExitsWithTheUsageCode() {
        Cli.Result result = Cli.run("generate", "--out", dir.resolve("g.arrow").toString(), "--rows", "many");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLine()).isEqualTo("gantry-step generate: --rows must be an integer, was 'many'");
    }

    @Test
    void flagsMayComeFromTheEnvironmentTheEngineSets() {
        Path out = dir.resolve("g.arrow");
        Cli.Result result = Cli.run(java.util.Map.of("GANTRY_OUTPUT_OUT", out.toString(), "GANTRY_PARAM_ROWS", "7"),
                "generate");
        assertThat(result.exitCode()).isZero();
        assertThat(dev.gantry.steps.testing.Tables.rowsAndBatches(out)[0]).isEqualTo(7);
    }
}
