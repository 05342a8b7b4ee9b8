package dev.gantry.engine.cli;

import dev.gantry.spec.Matrices;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gantry validate}: checks a pipeline file without running it. */
@Command(name = "validate", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = "Checks a pipeline file and reports every problem as file:line:column: message.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The pipeline file (YAML).")
    Path file;

    @Override
    public Integer call() {
        PipelineSpec spec = PipelineYaml.read(file);
        int steps = spec.steps().size();
        int expanded = Matrices.expand(spec).steps().size();
        System.out.println(file + ": pipeline '" + spec.name() + "' is valid (" + steps
                + (steps == 1 ? " step" : " steps") + (expanded == steps ? "" : ", " + expanded + " once its matrices"
                + " expand into trials") + ")");
        return ExitCodes.OK;
    }
}
