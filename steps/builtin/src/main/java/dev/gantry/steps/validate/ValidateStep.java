package dev.gantry.steps.validate;

import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Metrics;
import dev.gantry.steps.sdk.ParamException;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import dev.gantry.steps.sdk.TableReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/** The {@code validate} step: declarative checks on a table, all reported at once. */
public final class ValidateStep implements Step {
    static final Flag<Path> TABLE = Flag.input("table", "The Arrow table to check.");
    static final Flag<Path> CHECKS = Flag.input("checks",
            "Optional: a YAML or JSON checks file (rows: {min, max}; columns: NAME: {not_null, min, max, allowed}).");
    static final Flag<List<String>> NOT_NULL = Flag.list("not-null", "Columns that must have no nulls.")
            .withLabel("COLUMN,...");
    static final Flag<List<String>> RANGE = Flag.repeated("range",
            "A numeric column's bounds, inclusive; either end may be left out, as in x=0.. or x=..1.", "COLUMN=MIN..MAX");
    static final Flag<List<String>> ALLOWED = Flag.repeated("allowed", "The values a column may take.",
            "COLUMN=A,B,...");
    static final Flag<Long> MIN_ROWS = Flag.longInteger("min-rows", "The fewest rows the table may have.")
            .require(n -> n >= 0, "at least 0");
    static final Flag<Long> MAX_ROWS = Flag.longInteger("max-rows", "The most rows the table may have.")
            .require(n -> n >= 0, "at least 0");
    static final Flag<Path> REPORT = Flag.output("report", "Optional: checks, failed and rows as metrics JSON.");

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String summary() {
        return "Checks a table for nulls, ranges, allowed values and row counts; reports every failure.";
    }

    @Override
    public String description() {
        return "Checks a table against declarative checks from a checks file and from flags: columns without "
                + "nulls, numeric ranges, allowed values, and the row count. The table streams through once. "
                + "The step passes, or fails with a report of every violated check, each with the number of "
                + "rows at fault and the first of them.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(TABLE, CHECKS, NOT_NULL, RANGE, ALLOWED, MIN_ROWS, MAX_ROWS, REPORT);
    }

    @Override
    public void run(StepContext context) throws IOException {
        Path table = context.input(TABLE);
        List<Check> checks = new ArrayList<>();
        context.optionalInput(CHECKS).ifPresent(file -> checks.addAll(ChecksFile.read(file)));
        checks.addAll(fromFlags(context));
        if (checks.isEmpty()) {
            throw new ParamException("no checks given: pass --checks FILE or at least one of --not-null, --range, "
                    + "--allowed, --min-rows, --max-rows");
        }
        long rows = 0;
        List<String> violations = new ArrayList<>();
        try (TableReader reader = TableReader.open(table, context.allocator())) {
            List<Check.Tally> tallies = new ArrayList<>();
            checks.forEach(check -> tallies.add(check.start(reader)));
            while (reader.next()) {
                for (Check.Tally tally : tallies) {
                    tally.accept(reader.batch(), reader.batchStart());
                }
                rows += reader.batch().getRowCount();
            }
            for (Check.Tally tally : tallies) {
                tally.violation(rows).ifPresent(violations::add);
            }
        }
        if (context.find(REPORT).isPresent()) {
            Map<String, Number> report = new LinkedHashMap<>();
            report.put("checks", checks.size());
            report.put("failed", violations.size());
            report.put("rows", rows);
            Metrics.write(context.output(REPORT), report);
        }
        if (!violations.isEmpty()) {
            throw new ChecksFailedException(table, checks.size(), violations);
        }
        context.log("validate: all " + checks.size() + " checks passed on " + rows + " rows of " + table);
    }

    private static List<Check> fromFlags(StepContext context) {
        List<Check> checks = new ArrayList<>();
        context.get(NOT_NULL).forEach(column -> checks.add(new NotNullCheck(column)));
        for (String range : context.get(RANGE)) {
            checks.add(range(range));
        }
        for (String allowed : context.get(ALLOWED)) {
            int equals = allowed.indexOf('=');
            if (equals <= 0 || equals == allowed.length() - 1) {
                throw new ParamException("--allowed must be COLUMN=A,B,..., was '" + allowed + "'");
            }
            Set<String> values = new LinkedHashSet<>();
            for (String value : allowed.substring(equals + 1).split(",")) {
                values.add(value.strip());
            }
            checks.add(new AllowedValuesCheck(allowed.substring(0, equals).strip(), values));
        }
        Optional<Long> min = context.find(MIN_ROWS);
        Optional<Long> max = context.find(MAX_ROWS);
        if (min.isPresent() || max.isPresent()) {
            checks.add(new RowCountCheck(min.map(OptionalLong::of).orElse(OptionalLong.empty()),
                    max.map(OptionalLong::of).orElse(OptionalLong.empty())));
        }
        return checks;
    }

    private static RangeCheck range(String text) {
        int equals = text.indexOf('=');
        int dots = text.indexOf("..", Math.max(equals, 0));
        ParamException malformed = new ParamException(
                "--range must be COLUMN=MIN..MAX with either end left out if open, was '" + text + "'");
        if (equals <= 0 || dots < 0) {
            throw malformed;
        }
        try {
            OptionalDouble min = bound(text.substring(equals + 1, dots));
            OptionalDouble max = bound(text.substring(dots + 2));
            if (min.isEmpty() && max.isEmpty()) {
                throw malformed;
            }
            return new RangeCheck(text.substring(0, equals).strip(), min, max);
        } catch (NumberFormatException e) {
            throw malformed;
        }
    }

    private static OptionalDouble bound(String text) {
        return text.isBlank() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(text.strip()));
    }
}
