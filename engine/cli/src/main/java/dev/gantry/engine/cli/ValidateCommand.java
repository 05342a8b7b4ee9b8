package dev.gantry.engine.cli;

import dev.gantry.spec.Matrices;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.validation.InvalidPipelineException;
import dev.gantry.validation.Problem;
import dev.gantry.validation.UnsafeChecks;
import dev.gantry.yaml.ParsedPipeline;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry validate}: checks a pipeline file without running it. */
@Command(name = "validate", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = {"Checks a pipeline file and reports every problem as file:line:column: message.",
            "Each opt-in to an unsafe container setting is printed as a warning."})
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The pipeline file (YAML).")
    Path file;

    @Option(names = "--json", description = {"Prints one JSON object: whether the file is valid, its problems and its "
        + "warnings, each with file, line and column, and the counts of steps and trials."})
    boolean json;

    @Override
    public Integer call() {
        ParsedPipeline parsed;
        try {
            parsed = PipelineYaml.readWithSource(file);
        } catch (InvalidPipelineException invalid) {
            if (!json) {
                throw invalid;
            }
            System.out.println(JsonReports.write(JsonReports.object("file", file.toString(), "valid", false,
                    "problems", problems(invalid.problems()), "warnings", List.of())));
            return invalid.exitCode();
        }
        PipelineSpec spec = parsed.spec();
        // Opt-ins to unsafe container settings are valid, and said aloud so that nobody inherits one unawares.
        List<Problem> warnings = UnsafeChecks.warnings(spec, parsed.sourceMap());
        int steps = spec.steps().size();
        int expanded = Matrices.expand(spec).steps().size();
        if (json) {
            System.out.println(JsonReports.write(JsonReports.object("file", file.toString(), "valid", true,
                    "pipeline", spec.name(), "steps", steps, "trials", expanded, "problems", List.of(),
                    "warnings", problems(warnings))));
            return ExitCodes.OK;
        }
        for (Problem warning : warnings) {
            System.err.println(warning.location().map(l -> l + ": ").orElse("") + "warning: " + warning.message());
        }
        System.out.println(file + ": pipeline '" + spec.name() + "' is valid (" + steps
                + (steps == 1 ? " step" : " steps") + (expanded == steps ? "" : ", " + expanded + " once its matrices"
                + " expand into trials") + ")");
        return ExitCodes.OK;
    }

    /** Each problem as {@code {"file", "line", "column", "message"}}, the place where known. */
    private static List<Map<String, Object>> problems(List<Problem> problems) {
        return problems.stream().map(p -> JsonReports.object(
                "file", p.location().map(l -> (Object) l.file()).orElse(null),
                "line", p.location().map(l -> (Object) l.line()).orElse(null),
                "column", p.location().map(l -> (Object) l.column()).orElse(null),
                "message", p.message())).toList();
    }
}
