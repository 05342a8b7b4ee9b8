package dev.gantry.engine.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code gantry completion bash|zsh}: prints a script that completes gantry's commands and
 * flags, made by picocli from the same definitions that parse them, so it never lags behind.
 */
@Command(name = "completion", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = "Prints a shell completion script for gantry's commands and flags.",
        footer = {"", "Load it in the current shell:  source <(gantry completion bash)",
            "or for every new one, add that line to ~/.bashrc (~/.zshrc for zsh)."})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine gantry = new CommandLine(new GantryCli());
        Subcommands.addTo(gantry);
        String script = AutoComplete.bash("gantry", gantry);
        if (shell == Shell.zsh) {
            // picocli's script completes under zsh through zsh's bash-completion emulation.
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        System.out.print(script);
        return ExitCodes.OK;
    }
}
