package dev.gantry.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gantry store}: looks after the store itself. */
@Command(name = "store", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = "Looks after the store itself.", subcommands = StoreRepairCommand.class)
final class StoreCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a store command, such as 'gantry store repair'");
    }
}
