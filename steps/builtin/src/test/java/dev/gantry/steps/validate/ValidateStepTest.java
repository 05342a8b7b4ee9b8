package dev.gantry.steps.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.steps.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateStepTest {
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
    void theBreastCancerTablePassesItsChecksFile() throws Exception {
        Path checks = dir.resolve("checks.yaml");
        Files.writeString(checks, String.join("\n",
                "rows: {min: 500, max: 1000}",
                "columns:",
                "  mean_radius: {not_null: true, min: 5, max: 30}",
                "  diagnosis: {not_null: true, allowed: [benign, malignant]}", ""));
        Path report = dir.resolve("report.json");
        Cli.Result result = Cli.run("validate", "--table", table.toString(), "--checks", checks.toString(),
                "--report", report.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.errLine()).isEqualTo("validate: all 5 checks passed on 569 rows of " + table);
        assertThat(Files.readString(report)).isEqualTo("{\n  \"checks\" : 5,\n  \"failed\" : 0,\n  \"rows\" : 569\n}\n");
    }

    @Test
    void everyViolatedCheckIsReportedAtOnce() {
        Cli.Result result = Cli.run("validate", "--table", table.toString(), "--not-null", "diagnosis,color",
                "--range", "mean_radius=7..25", "--range", "diagnosis=0..", "--allowed", "diagnosis=benign,malign",
                "--min-rows", "600");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo(String.join("\n",
                "gantry-step validate: " + table + ": 5 of 6 checks failed:",
                "  - column 'color' is missing; the table has id (int64), mean_radius (float64), mean_texture "
                        + "(float64), mean_perimeter (float64), mean_area (float64), mean_smoothness (float64), "
                        + "mean_compactness (float64), mean_concavity (float64), mean_concave_points (float64), "
                        + "mean_symmetry (float64), mean_fractal_dimension (float64), radius_error (float64), "
                        + "texture_error (float64), perimeter_error (float64), area_error (float64), smoothness_error "
                        + "(float64), compactness_error (float64), concavity_error (float64), concave_points_error "
                        + "(float64), symmetry_error (float64), fractal_dimension_error (float64), worst_radius "
                        + "(float64), worst_texture (float64), worst_perimeter (float64), worst_area (float64), "
                        + "worst_smoothness (float64), worst_compactness (float64), worst_concavity (float64), "
                        + "worst_concave_points (float64), worst_symmetry (float64), worst_fractal_dimension "
                        + "(float64), diagnosis (string)",
                "  - column 'mean_radius' must be between 7 and 25: 6 values are not, the first at row 82: 25.22",
                "  - column 'diagnosis' must be at least 0, but it is string, not a number",
                "  - column 'diagnosis' must be one of benign, malign: 212 values are not, the first at row 0: 'malignant'",
                "  - the table must have at least 600 rows: it has 569") + System.lineSeparator());
    }

    @Test
    void anUnknownKeyInTheChecksFileIsNamedWithItsPlace() throws Exception {
        Path checks = dir.resolve("checks.yaml");
        Files.writeString(checks, "columns:\n  mean_radius: {maxx: 3}\n");
        Cli.Result result = Cli.run("validate", "--table", table.toString(), "--checks", checks.toString());
        assertThat(result.errLine()).isEqualTo("gantry-step validate: " + checks
                + ": unknown key 'maxx' in columns.mean_radius; the keys are not_null, min, max, allowed");
    }

    @Test
    void validatingWithoutChecksIsAUsageError() {
        Cli.Result result = Cli.run("validate", "--table", table.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLine()).isEqualTo("gantry-step validate: no checks given: pass --checks FILE or at least "
                + "one of --not-null, --range, --allowed, --min-rows, --max-rows");
    }

    @Test
    void aMalformedRangeIsEchoed() {
        Cli.Result result = Cli.run("validate", "--table", table.toString(), "--range", "mean_radius=1-2");
        assertThat(result.errLine()).isEqualTo("gantry-step validate: --range must be COLUMN=MIN..MAX with either end "
                + "left out if open, was 'mean_radius=1-2'");
    }
}
