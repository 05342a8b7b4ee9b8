package dev.gantry.steps.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepContextTest {
    private static final Flag<Double> FRACTION = Flag.number("test-fraction", "A share.")
            .withDefault(0.2).require(x -> x > 0 && x < 1, "between 0 and 1 (exclusive)");
    private static final Flag<Path> TABLE = Flag.input("table", "A table.");
    private static final Flag<Path> OUT = Flag.output("out", "A table.");
    private static final Flag<List<String>> COLUMNS = Flag.list("columns", "Columns.");
    private static final Flag<Boolean> VERBOSE = Flag.bool("verbose", "Talk more.");

    @TempDir
    Path dir;

    @Test
    void aFlagOnTheCommandLineWinsOverTheEnvironmentWhichWinsOverTheDefault() {
        Map<String, String> env = Map.of("GANTRY_PARAM_TEST_FRACTION", "0.3");
        assertThat(context(Map.of("test-fraction", List.of("0.4")), env).get(FRACTION)).isEqualTo(0.4);
        assertThat(context(Map.of(), env).get(FRACTION)).isEqualTo(0.3);
        assertThat(context(Map.of(), Map.of()).get(FRACTION)).isEqualTo(0.2);
    }

    @Test
    void inputsAndOutputsFallBackToTheirOwnVariables() {
        Map<String, String> env = Map.of("GANTRY_INPUT_TABLE", dir.toString(), "GANTRY_OUTPUT_OUT",
                dir.resolve("sub/out.arrow").toString());
        StepContext context = context(Map.of(), env);
        assertThat(context.input(TABLE)).isEqualTo(dir);
        assertThat(context.output(OUT)).isEqualTo(dir.resolve("sub/out.arrow"));
        assertThat(dir.resolve("sub")).isDirectory();
    }

    @Test
    void aMissingFlagNamesItsEnvironmentVariable() {
        assertThatThrownBy(() -> context(Map.of(), Map.of()).get(TABLE))
                .isInstanceOf(ParamException.class)
                .hasMessage("missing --table: give it on the command line or set GANTRY_INPUT_TABLE");
    }

    @Test
    void aValueThatBreaksARuleIsEchoedWithWhereItCameFrom() {
        assertThatThrownBy(() -> context(Map.of("test-fraction", List.of("1.5")), Map.of()).get(FRACTION))
                .hasMessage("--test-fraction must be between 0 and 1 (exclusive), was 1.5");
        assertThatThrownBy(() -> context(Map.of(), Map.of("GANTRY_PARAM_TEST_FRACTION", "lots")).get(FRACTION))
                .hasMessage("GANTRY_PARAM_TEST_FRACTION must be a number, was 'lots'");
    }

    @Test
    void anInputThatDoesNotExistIsReportedWithItsFlag() {
        Path missing = dir.resolve("nope.arrow");
        assertThatThrownBy(() -> context(Map.of("table", List.of(missing.toString())), Map.of()).input(TABLE))
                .isInstanceOf(ArtifactException.class)
                .hasMessage(missing + ": no such file or directory (given as --table)");
    }

    @Test
    void listsJoinRepeatedFlagsAndSplitOnCommas() {
        StepContext context = context(Map.of("columns", List.of("a, b", "c")), Map.of());
        assertThat(context.get(COLUMNS)).containsExactly("a", "b", "c");
        assertThat(context(Map.of(), Map.of()).get(COLUMNS)).isEmpty();
    }

    @Test
    void aSwitchIsOffUnlessGiven() {
        assertThat(context(Map.of(), Map.of()).get(VERBOSE)).isFalse();
        assertThat(context(Map.of("verbose", List.of("true")), Map.of()).get(VERBOSE)).isTrue();
        assertThatThrownBy(() -> context(Map.of("verbose", List.of("yes")), Map.of()).get(VERBOSE))
                .hasMessage("--verbose must be true or false, was 'yes'");
    }

    @Test
    void theRunIdComesFromTheEnvironment() {
        assertThat(context(Map.of(), Map.of("GANTRY_RUN_ID", "r1")).runId()).contains("r1");
        assertThat(context(Map.of(), Map.of()).runId()).isEmpty();
    }

    @Test
    void flagNamesBecomeEnvironmentVariablesUpperCasedWithUnderscores() {
        assertThat(FRACTION.environmentVariable()).isEqualTo("GANTRY_PARAM_TEST_FRACTION");
        assertThat(Flag.output("train-out", "").environmentVariable()).isEqualTo("GANTRY_OUTPUT_TRAIN_OUT");
    }

    private static StepContext context(Map<String, List<String>> given, Map<String, String> env) {
        return StepContext.of(given, env, System.err);
    }
}
