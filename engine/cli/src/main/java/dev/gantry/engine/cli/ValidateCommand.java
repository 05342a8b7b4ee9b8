package dev.gantry.engine.cli;

import dev.gantry.spec.Matrices;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.validation.Problem;
import dev.gantry.validation.UnsafeChecks;
import dev.gantry.yaml.ParsedPipeline;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gantry validate}: checks a pipeline file without running it. */
@Command(name = "validate", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = {"Checks a pipeline file and reports every problem as file:line:column: message.",
            "Each opt-in to an unsafe container setting is printed as a warning."})
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The pipeline file (YAML).")
    Path file;

    @Override
    public Integer call() {
        ParsedPipeline parsed = PipelineYaml.readWithSource(file);
        PipelineSpec spec = parsed.spec();
        // Opt-ins to unsafe container settings are valid, and said aloud so that nobody inherits one unawares.
        for (Problem warning : UnsafeChecks.warnings(spec, parsed.sourceMap())) {
            System.err.println(warning.location().map(l -> l + ": ").orElse("") + "warning: " + warning.message());
        }
        int steps = spec.steps().size();
        int expanded = Matrices.expand(spec).steps().size();
        System.out.println(file + ": pipeline '" + spec.name() + "' is valid (" + steps
                + (steps == 1 ? " step" : " steps") + (expanded == steps ? "" : ", " + expanded + " once its matrices"
                + " expand into trials") + ")");
        return ExitCodes.OK;
    }
}
